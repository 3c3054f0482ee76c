using System.Net;
using System.Text.RegularExpressions;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// What keeps a mistake from becoming an attack (issue 13, item 3): the viewer's sources never parse
/// HTML, the built page has no inline script, and every answer of the server, static files and the
/// page's fallback included, carries the Content-Security-Policy and the other security headers.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PageSecurityTests(BrowserFixture fx)
{
    /// <summary>Ways to put a string into the page as markup; the viewer builds nodes (src/dom.ts) instead.</summary>
    [GeneratedRegex(@"\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|DOMParser|srcdoc)\b|document\.write|\.html\s*\(|dangerouslySetInnerHTML")]
    private static partial Regex HtmlSink();

    [Fact]
    public void ViewerSources_NeverParseHtml()
    {
        var src = Path.Combine(fx.Server.Root, "viewer", "web", "src");
        var hits = Directory.EnumerateFiles(src, "*.ts", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => HtmlSink().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(fx.Server.Root, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.True(hits.Count == 0, "markup sinks in the viewer (build nodes with h() from src/dom.ts):\n" + string.Join("\n", hits));
    }

    [Fact]
    public async Task EveryAnswer_CarriesThePolicy_StaticFilesAndFallbackIncluded()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fx.Server.BaseUrl) };
        var index = await http.GetStringAsync("/");
        // The built page loads its script and styles from files: no inline script, no inline handler, no style attribute.
        Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase), index);
        Assert.DoesNotMatch(new Regex(@"\son[a-z]+\s*=|\sstyle\s*=", RegexOptions.IgnoreCase), index);
        var assets = Regex.Matches(index, @"(?:src|href)=""(/assets/[^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));

        using var signedIn = await fx.Server.ClientAsAsync("planner");
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("/", await http.GetAsync("/")),
            ("/index.html", await http.GetAsync("/index.html")),
            ("fallback /some/page", await http.GetAsync("/some/page")),
            ("/api/auth/me without a token", await http.GetAsync("/api/auth/me")),
            ("/api/no-such-endpoint", await signedIn.GetAsync("/api/no-such-endpoint")),
            ("/api/streets", await signedIn.GetAsync("/api/streets?limit=1")),
            ("bad input", await signedIn.GetAsync("/api/streets?limit=x")),
        };
        foreach (var a in assets) answers.Add((a, await http.GetAsync(a)));
        foreach (var (what, r) in answers)
        {
            using var _ = r;
            Assert.True(r.StatusCode != HttpStatusCode.InternalServerError, $"{what}: 500");
            var csp = r.Headers.TryGetValues("Content-Security-Policy", out var v) ? string.Join(",", v) : null;
            Assert.True(csp is not null, $"{what} ({(int)r.StatusCode}) has no Content-Security-Policy");
            var directives = csp!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d);
            Assert.Equal("script-src 'self'", directives["script-src"]);
            Assert.Equal("object-src 'none'", directives["object-src"]);
            Assert.Equal("base-uri 'none'", directives["base-uri"]);
            Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
            Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", r.Headers.GetValues("Referrer-Policy").Single());
        }
    }
}
