using System.Reflection;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// NUL, other control characters and bidirectional overrides in every query parameter, route value and
/// JSON string property of every endpoint the server maps: each is a 400 ProblemDetails naming the
/// parameter or field, never a 500 (PostgreSQL refuses NUL with 22021), and nothing is written.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class UnsafeTextTests(PostgisFixture fx)
{
    /// <summary>NUL, a right-to-left override, a C1 control, a left-to-right isolate, a line break in a one-line value.</summary>
    public static readonly string[] BadTexts = ["a\u0000b", "\u202egnp.exe", "a\u0085b", "a\u2066b", "a\nb"];

    private static readonly Type[] QueryTypes =
        [typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid)];

    /// <summary>The names an endpoint's handler binds from the query string (simple parameters that are not route values).</summary>
    private static IEnumerable<string> QueryNames(EndpointInfo e) =>
        e.Endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters()
            .Where(p => QueryTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)
                        || (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).IsEnum)
            .Where(p => !e.Pattern.Contains("{" + p.Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? p.Name!) ?? [];

    [Fact]
    public async Task EveryEndpoint_Returns400NamingTheParameter_ForControlOrBidiCharactersInQueryOrRoute_AndWritesNothing()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        // Sign-out last: where a bad value got through, it would revoke this client's token for the rest.
        var endpoints = (await EndpointCatalog.ListAsync(fx.Factory)).Where(e => !e.IsFallback)
            .OrderBy(e => e.Pattern == "/api/auth/signout").ToList();
        var runs = await DatabaseSnapshot.LastRunIdAsync(fx.Db);
        var before = await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key");
        var wrong = new List<string>();
        var calls = 0;
        foreach (var e in endpoints)
        {
            // Every parameter the handler binds, and one it does not know: a handler that reads the query itself is covered too.
            var names = QueryNames(e).Append("unknownParameter").Distinct().ToList();
            foreach (var bad in BadTexts)
            {
                var requests = names.Select(n => (Parameter: n, Url: $"{e.SampleUrl}?{n}={Uri.EscapeDataString(bad)}")).ToList();
                // A NUL in the path never reaches the application: Kestrel (and the test server) refuse the request line.
                if (!bad.Contains('\0'))
                    foreach (var route in RouteValueNames(e)) requests.Add((route, ReplaceRouteValue(e, route, bad)));
                foreach (var (parameter, url) in requests)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(e.Method), url);
                    if (e.IsWrite) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await admin.SendAsync(request);
                    calls++;
                    var text = await response.Content.ReadAsStringAsync();
                    var where = $"{e.Method} {url.Replace("\0", "\\0")}";
                    if ((int)response.StatusCode != 400 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        wrong.Add($"{where}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        continue;
                    }
                    var problem = JsonDocument.Parse(text).RootElement;
                    if (!problem.TryGetProperty("parameter", out var p) || p.GetString() != parameter)
                        wrong.Add($"{where}: the problem does not name '{parameter}': {text}");
                }
            }
        }
        Assert.True(calls > 100, $"only {calls} requests");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls}:\n" + string.Join("\n", wrong));
        DatabaseSnapshot.AssertSame(before, await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key"));
    }

    [Fact]
    public async Task EveryJsonBody_Returns400NamingTheField_ForControlOrBidiCharactersInAnyStringProperty_AndWritesNothing()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var endpoints = (await EndpointCatalog.ListAsync(fx.Factory))
            .Where(e => e.IsWrite && !e.IsFallback && StringProperties(e).Any()).ToList();
        Assert.True(endpoints.Count >= 6, "expected sign-in, keys, grid workers, designation, moves and coverage runs: " + string.Join(", ", endpoints));
        var runs = await DatabaseSnapshot.LastRunIdAsync(fx.Db);
        var before = await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key");
        var wrong = new List<string>();
        foreach (var e in endpoints)
            foreach (var (property, isArray) in StringProperties(e))
                foreach (var bad in BadTexts)
                {
                    // A line break is refused only in one-line fields; reasons may span lines.
                    if (bad.Contains('\n') && property == "reason") continue;
                    var body = JsonSerializer.Serialize(new Dictionary<string, object> { [property] = isArray ? new[] { "ok", bad } : bad });
                    using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(e.Method), e.SampleUrl)
                        { Content = new StringContent(body, Encoding.UTF8, "application/json") });
                    var text = await response.Content.ReadAsStringAsync();
                    var where = $"{e} with {body}";
                    if ((int)response.StatusCode != 400 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        wrong.Add($"{where}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        continue;
                    }
                    var problem = JsonDocument.Parse(text).RootElement;
                    var expected = isArray ? $"{property}[1]" : property;
                    if (!problem.TryGetProperty("field", out var f) || f.GetString() != expected)
                        wrong.Add($"{where}: the problem does not name '{expected}': {text}");
                    if (text.Contains(bad, StringComparison.Ordinal)) wrong.Add($"{where}: the problem echoes the value: {text}");
                }
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong:\n" + string.Join("\n", wrong));
        DatabaseSnapshot.AssertSame(before, await DatabaseSnapshot.TakeAsync(fx.Db, runs, "api_key"));
    }

    [Fact]
    public async Task GridWorker_Returns400_ForAUserNameNoAccountCouldHave()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        foreach (var userName in new[] { "Wang Fang", "x", "wang/fang", "王芳", new string('a', 65) })
        {
            var body = JsonSerializer.Serialize(new { name = "王芳", languages = new[] { "zh" }, userName });
            var response = await admin.PostAsync("/api/grid-workers", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.AssertProblemAsync(400, "2-64 characters a-z 0-9 _ . -");
            Assert.Equal("userName", problem.GetProperty("field").GetString());
        }
        var ok = JsonSerializer.Serialize(new { name = "王芳", languages = new[] { "zh" }, userName = $"w.{Guid.NewGuid():N}"[..20] });
        Assert.Equal(201, (int)(await admin.PostAsync("/api/grid-workers", new StringContent(ok, Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task ExceptionHandler_Maps22021FromPostgres_To400_AsABackstop()
    {
        // The real error, from the real server: a NUL sent as a text parameter.
        await using var cmd = fx.Db.CreateCommand("select $1::text");
        cmd.Parameters.Add(new() { Value = "a\0b" });
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => cmd.ExecuteScalarAsync());
        Assert.Equal("22021", e.SqlState);
        var (status, _, detail) = ProblemExceptionHandler.Describe(new InvalidOperationException("while saving", e));
        Assert.Equal(400, status);
        Assert.Contains("cannot be stored (such as NUL)", detail);
        Assert.Equal(500, ProblemExceptionHandler.Describe(new Npgsql.PostgresException("x", "ERROR", "ERROR", "23505")).Status);
    }

    /// <summary>The string and string[] properties (camelCase) of the JSON body an endpoint declares.</summary>
    private static IEnumerable<(string Name, bool IsArray)> StringProperties(EndpointInfo e)
    {
        var type = e.Endpoint.Metadata.OfType<IAcceptsMetadata>().FirstOrDefault()?.RequestType;
        if (type is null || type.Namespace?.StartsWith("GridGIS", StringComparison.Ordinal) != true) return [];
        return type.GetProperties()
            .Where(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(string[]))
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType == typeof(string[])));
    }

    /// <summary>Route parameters that take any text (no int/long/guid constraint).</summary>
    private static IEnumerable<string> RouteValueNames(EndpointInfo e) =>
        e.Endpoint is Microsoft.AspNetCore.Routing.RouteEndpoint r
            ? r.RoutePattern.Parameters.Where(p => p.ParameterPolicies.Count == 0).Select(p => p.Name)
            : [];

    private static string ReplaceRouteValue(EndpointInfo e, string name, string text)
    {
        var patternParts = e.Pattern.Split('/');
        var urlParts = e.SampleUrl.Split('/');
        var parameter = new System.Text.RegularExpressions.Regex(@"\{\**" + name + @"(?:[:=?][^}]*)?\}");
        var i = Array.FindIndex(patternParts, p => parameter.IsMatch(p));
        urlParts[i] = parameter.Replace(patternParts[i], Uri.EscapeDataString(text).Replace("$", "$$"));
        return string.Join('/', urlParts);
    }
}
