using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Each role's allowed and refused calls on every mapped endpoint, over HTTP: 401 without a token,
/// 403 for a role the endpoint does not let in, neither for a role it does (and never a 500).
/// The endpoint list comes from the server itself (<see cref="EndpointCatalog"/>); what this file adds
/// is the intent (<see cref="MustRefuse"/>): which roles must never reach which paths, so that a
/// household endpoint opened to planners fails here even though it declares a policy.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class RoleMatrixTests(PostgisFixture fx)
{
    /// <summary>Path pattern -> roles that must be refused there. Add a row when a new kind of data arrives.</summary>
    public static readonly (Regex Path, string[] Refused, string Why)[] MustRefuse =
    [
        (new("^/api/admin(/|$)"), [Roles.Planner, Roles.Official, Roles.GridWorker], "account and key administration"),
        (new("^/openapi(/|$)"), [Roles.Planner, Roles.Official, Roles.GridWorker], "the OpenAPI document: administrators only"),
        (new("^/hangfire(/|$)"), [Roles.Planner, Roles.Official, Roles.GridWorker], "the job dashboard: administrators only"),
        (new("^/api/import(/|$)"), [Roles.Planner, Roles.Official, Roles.GridWorker], "imports replace data: administrators only"),
        (new("households", RegexOptions.IgnoreCase), [Roles.Planner, Roles.Official], "household records are personal: grid workers and administrators only"),
        (new("^/api/audit(/|$)"), [Roles.Planner, Roles.Official, Roles.GridWorker], "the audit log names people"),
    ];

    /// <summary>Endpoints whose handler narrows a role the policy lets in (403 from the handler), with the rule.</summary>
    public static readonly Dictionary<(string Endpoint, string Role), string> ScopedByHandler = new()
    {
        [("GET /api/viewer/grids/{id:int}/figures", Roles.GridWorker)] = "a grid worker sees the figures of their own grids only",
    };

    /// <summary>Endpoints that end the caller's own session, left out of the per-role sweep (they would sign the
    /// sweeping clients out); TokenRevocationTests call them for every role.</summary>
    public static readonly Dictionary<string, string> EndsSession = new()
    {
        ["POST /api/auth/signout"] = "revokes the caller's own bearer tokens",
    };

    private async Task<List<EndpointInfo>> SecuredEndpointsAsync() =>
        (await EndpointCatalog.ListAsync(fx.Factory)).Where(e => !e.Anonymous && e.Declared).ToList();

    [Fact]
    public async Task Endpoints_LetInNoRoleThatTheIntentTableRefuses()
    {
        var wrong = new List<string>();
        foreach (var e in await SecuredEndpointsAsync())
            foreach (var (path, refused, why) in MustRefuse.Where(m => m.Path.IsMatch(e.Pattern)))
                wrong.AddRange(e.AllowedRoles.Intersect(refused).Select(r => $"{e} lets in {r} ({why})"));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Endpoints_Return401_WithoutToken()
    {
        var anonymous = fx.Factory.CreateClient();
        var wrong = new List<string>();
        foreach (var e in await SecuredEndpointsAsync())
        {
            using var response = await anonymous.SendAsync(Request(e));
            if (response.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"{e}: {(int)response.StatusCode}");
        }
        Assert.True(wrong.Count == 0, "expected 401 without a token: " + string.Join(", ", wrong));
    }

    [Fact]
    public async Task Endpoints_Return401_WithForgedOrRevokedCredentials()
    {
        var forged = fx.Factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "CfDJ8forged" + new string('A', 200));
        var badKey = fx.Factory.CreateClient();
        badKey.DefaultRequestHeaders.Add("X-Api-Key", "ggk_AAAAAAAA_" + new string('B', 32));
        var wrong = new List<string>();
        foreach (var e in (await SecuredEndpointsAsync()).Take(50))
            foreach (var client in new[] { forged, badKey })
            {
                using var response = await client.SendAsync(Request(e));
                if (response.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"{e}: {(int)response.StatusCode}");
            }
        Assert.True(wrong.Count == 0, "expected 401 with a forged token or unknown key: " + string.Join(", ", wrong));
    }

    [Fact]
    public async Task Endpoints_Return403ToRefusedRoles_AndLetInAllowedOnes()
    {
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All) clients[role] = await fx.ClientAsAsync(role);
        var wrong = new List<string>();
        var calls = 0;
        foreach (var e in (await SecuredEndpointsAsync()).Where(e => !EndsSession.ContainsKey(e.ToString())))
            foreach (var role in Roles.All)
            {
                using var response = await clients[role].SendAsync(Request(e));
                calls++;
                var status = (int)response.StatusCode;
                var allowed = e.AllowedRoles.Contains(role);
                if (!allowed && status != 403) wrong.Add($"{e} as {role}: {status}, expected 403");
                if (allowed && (status == 401 || (status == 403 && !ScopedByHandler.ContainsKey((e.ToString(), role)))))
                    wrong.Add($"{e} as {role}: {status}, expected to be let in");
                if (status >= 500) wrong.Add($"{e} as {role}: {status} {await response.Content.ReadAsStringAsync()}");
                if (status is 401 or 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{e} as {role}: {status} without ProblemDetails");
            }
        Assert.True(calls >= Roles.All.Length * 10, $"only {calls} calls: is the endpoint list empty?");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/openapi/v1.json")]
    public async Task DashboardAndOpenApi_AreForAdministratorsOnly(string url)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fx.Factory.CreateClient().GetAsync(url)).StatusCode);
        foreach (var role in new[] { Roles.Planner, Roles.Official, Roles.GridWorker })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(role)).GetAsync(url)).StatusCode);
        var admin = await (await fx.ClientAsAsync(Roles.Administrator)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.NotEmpty(await admin.Content.ReadAsStringAsync());
    }

    /// <summary>A request for an endpoint: its sample URL; a write gets an empty JSON object, which
    /// authorization refuses before any handler could act on it, and handlers reject as incomplete.</summary>
    internal static HttpRequestMessage Request(EndpointInfo e)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), e.SampleUrl);
        if (e.IsWrite) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }
}
