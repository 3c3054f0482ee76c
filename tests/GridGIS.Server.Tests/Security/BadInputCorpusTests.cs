using System.Text;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// A corpus of bad input sent to every write endpoint the server maps (bodies) and every read endpoint
/// (query strings, route values): each answer is a 4xx ProblemDetails (bodies) or at least not a 5xx
/// (queries), never shows internals, and the database is unchanged afterwards (row counts and checksums
/// of every table). Endpoint-specific corpora (CSV imports, GeoJSON geometries) are in the feature tests
/// that know a valid request; this one needs no knowledge of any endpoint.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class BadInputCorpusTests(PostgisFixture fx)
{
    /// <summary>Bodies no write endpoint may accept: (name, content type, bytes).</summary>
    public static readonly (string Name, string ContentType, byte[] Body)[] BadBodies =
    [
        ("empty body", "application/json", []),
        ("truncated object", "application/json", Utf8("{\"name\": ")),
        ("missing value", "application/json", Utf8("{\"a\":}")),
        ("trailing garbage", "application/json", Utf8("{}}")),
        ("single quotes", "application/json", Utf8("{'a': 1}")),
        ("null", "application/json", Utf8("null")),
        ("bare number", "application/json", Utf8("42")),
        ("huge number", "application/json", Utf8("1e400")),
        ("bare string", "application/json", Utf8("\"'; drop table household; --\"")),
        ("nested 5000 deep", "application/json", Utf8(new string('[', 5000) + new string(']', 5000))),
        ("invalid UTF-8", "application/json", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),
        ("UTF-16 with BOM", "application/json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"a\":\"b\"}")]),
        ("NUL bytes", "application/json", [0, 0, 0, 0]),
        ("unknown properties only", "application/json", Utf8("{\"unexpected\": 1, \"another\": \"x\"}")),
        ("XML", "application/xml", Utf8("<?xml version=\"1.0\"?><a>1</a>")),
        ("form", "application/x-www-form-urlencoded", Utf8("a=1&b=%27%3B--")),
    ];

    /// <summary>Text that must be treated as data wherever it goes.</summary>
    public static readonly string[] InjectionTexts =
    [
        "' or '1'='1", "1; drop table street; --", "$1", "\\x00", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "../../etc/passwd", "%00", "‮evil", "😀" + new string('长', 300), "-1", "1e309", "NaN", "99999999999999999999999",
    ];

    /// <summary>Write endpoints that take no body (their options are in the query), with what they do.</summary>
    public static readonly Dictionary<string, string> NoBody = new()
    {
        ["POST /api/grids/assign"] = "assigns households to grids; scope in the query string",
        ["POST /api/auth/signout"] = "signs the caller out everywhere; takes no body (TokenRevocationTests)",
        ["POST /api/admin/dashboard-session"] = "sets the caller's dashboard cookie; takes no body (DashboardSessionTests)",
    };

    /// <summary>Corpus entries an endpoint legitimately accepts, with why.</summary>
    public static readonly Dictionary<(string Endpoint, string Case), string> Accepted = new()
    {
        [("POST /api/coverage/runs", "empty body")] = "the body is optional: no body starts a run with the configured mode",
        [("POST /api/coverage/runs", "null")] = "JSON null reads as no options, like an empty body",
    };

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task EveryWriteEndpoint_Returns4xxProblem_ForEveryBadBody_AndLeavesTheDatabaseUnchanged()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var endpoints = (await EndpointCatalog.ListAsync(fx.Factory))
            .Where(e => e.IsWrite && !e.IsFallback && !NoBody.ContainsKey(e.ToString())).ToList();
        Assert.NotEmpty(endpoints); // at least sign-in and key creation
        var runs = await DatabaseSnapshot.LastRunIdAsync(fx.Db);       // runs of earlier tests may still be working
        var before = await DatabaseSnapshot.TakeAsync(fx.Db, runs);
        var wrong = new List<string>();
        foreach (var e in endpoints)
            foreach (var (name, type, body) in BadBodies.Where(b => !Accepted.ContainsKey((e.ToString(), b.Name))))
            {
                var request = new HttpRequestMessage(new HttpMethod(e.Method), e.SampleUrl) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new(type);
                using var response = await admin.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{e} with {name}: {status} {text[..Math.Min(200, text.Length)]}");
                else if (!text.Contains("\"detail\"", StringComparison.Ordinal))
                    wrong.Add($"{e} with {name}: {status} without a detail saying what is wrong");
                if (SecurityTestExtensions.FindInternals(text) is { } leak) wrong.Add($"{e} with {name}: shows internals ('{leak}'): {text}");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        DatabaseSnapshot.AssertSame(before, await DatabaseSnapshot.TakeAsync(fx.Db, runs));
    }

    [Fact]
    public async Task EveryReadEndpoint_NeverFails_WithInjectionInQueryAndRouteValues_AndLeavesTheDatabaseUnchanged()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var endpoints = (await EndpointCatalog.ListAsync(fx.Factory)).Where(e => !e.IsWrite && !e.IsFallback && !e.Anonymous).ToList();
        var runs = await DatabaseSnapshot.LastRunIdAsync(fx.Db);       // runs of earlier tests may still be working
        var before = await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key");
        var wrong = new List<string>();
        var calls = 0;
        foreach (var e in endpoints)
        {
            var names = e.Endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.GetParameters()
                .Where(p => p.ParameterType == typeof(string) && !e.Pattern.Contains("{" + p.Name, StringComparison.Ordinal))
                .Select(p => p.Name!).ToList() ?? [];
            var routeTexts = e.Pattern.Contains('{') ? InjectionTexts : [];
            foreach (var text in InjectionTexts)
            {
                var urls = names.Select(n => $"{e.SampleUrl}?{n}={Uri.EscapeDataString(text)}").ToList();
                if (routeTexts.Length > 0) urls.Add(ReplaceLastValue(e, text));
                foreach (var url in urls)
                {
                    using var response = await admin.GetAsync(url);
                    calls++;
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500) wrong.Add($"{url}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                    if (response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains("<script>alert", StringComparison.Ordinal))
                        wrong.Add($"{url}: reflects script into HTML");
                    if (SecurityTestExtensions.FindInternals(body) is { } leak) wrong.Add($"{url}: shows internals ('{leak}'): {body[..Math.Min(300, body.Length)]}");
                }
            }
        }
        Assert.True(calls > 0);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        DatabaseSnapshot.AssertSame(before, await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key"));
    }

    /// <summary>The sample URL with its last path value replaced by <paramref name="text"/>, escaped.</summary>
    private static string ReplaceLastValue(EndpointInfo e, string text)
    {
        var patternParts = e.Pattern.Split('/');
        var urlParts = e.SampleUrl.Split('/');
        var i = Array.FindLastIndex(patternParts, p => p.StartsWith('{'));
        if (i >= 0 && i < urlParts.Length) urlParts[i] = Uri.EscapeDataString(text);
        return string.Join('/', urlParts);
    }
}
