using System.Text.RegularExpressions;

namespace GridGIS.Server.Security;

/// <summary>
/// The headers every answer carries, pages, static files, the page fallback, API answers and error
/// answers alike: a Content-Security-Policy that runs only the viewer's own script files (no inline
/// script, no inline style, no plugins, no framing, no <c>&lt;base&gt;</c>), no MIME sniffing, no
/// framing, no referrer, and no caching of API answers (personal data). Set when the answer starts,
/// so that neither a static file nor the error handler (which clears headers) can leave them out.
/// </summary>
internal static partial class SecurityHeaders
{
    /// <summary>The Hangfire dashboard's path: its pages carry <see cref="DashboardPolicy"/>.</summary>
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// The viewer's policy. Images also from the configured base-map tile server (<c>Viewer:TileUrl</c>);
    /// <c>data:</c> images for the page's empty icon; styles only from files and through the CSSOM.
    /// </summary>
    public static string PagePolicy(IConfiguration config)
    {
        var tiles = TileOrigin(config["Viewer:TileUrl"]);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + (tiles is null ? "" : " " + tiles)
               + "; connect-src 'self'; font-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>
    /// The Hangfire dashboard's policy: its own script files only (it keeps its settings in data
    /// attributes, not inline script), but its pages carry <c>style="..."</c> attributes, so inline
    /// styles are allowed there and nowhere else. A style cannot run script.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void UseGridGisSecurityHeaders(this WebApplication app)
    {
        var page = PagePolicy(app.Configuration);
        app.Use((http, next) =>
        {
            // Decided on the path as it arrives: the dashboard's middleware moves its prefix to PathBase.
            var policy = http.Request.Path.StartsWithSegments(DashboardPath) ? DashboardPolicy : page;
            var api = http.Request.Path.StartsWithSegments("/api");
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // API answers are data, often personal: never cached.
                if (api) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary>
    /// The origin of an XYZ tile template for <c>img-src</c>: <c>https://{a-c}.tile.example/{z}/{x}/{y}.png</c>
    /// gives <c>https://*.tile.example</c>. Null for no template, or one that is not http(s).
    /// </summary>
    internal static string? TileOrigin(string? template)
    {
        if (string.IsNullOrWhiteSpace(template)) return null;
        var m = OriginPattern().Match(template.Trim());
        if (!m.Success) return null;
        var host = string.Join('.', m.Groups["host"].Value.Split('.').Select(label => label.Contains('{') ? "*" : label));
        // A policy source is a bare origin: anything that could end the directive is refused.
        return HostPattern().IsMatch(host) ? $"{m.Groups["scheme"].Value.ToLowerInvariant()}://{host}{m.Groups["port"].Value}" : null;
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>[^/:?#]+)(?<port>:\d{1,5})?(?:[/?#]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex OriginPattern();

    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")]
    private static partial Regex HostPattern();
}
