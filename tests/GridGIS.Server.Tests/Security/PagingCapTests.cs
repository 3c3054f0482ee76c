using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>Every endpoint that pages (has a <c>limit</c> parameter) caps it: above the cap, negative limits
/// and negative offsets are 400 ProblemDetails naming the parameter, so nobody can pull a whole table at once.</summary>
[Collection(PostgisCollection.Name)]
public sealed class PagingCapTests(PostgisFixture fx)
{
    /// <summary>The largest page any endpoint serves (the layer API's cap).</summary>
    private const int MaxLimit = GridGIS.Server.Features.Layers.LayersApi.MaxLimit;

    /// <summary>Endpoints whose <c>limit</c> is not a page size, each with what it is.</summary>
    private static readonly Dictionary<string, string> NotPaging = new()
    {
        ["GET /api/grids/workload"] = "limit is the number of households one worker should look after",
    };

    [Fact]
    public async Task EveryPagedEndpoint_RejectsLimitsOutsideTheCap()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var paged = (await EndpointCatalog.ListAsync(fx.Factory))
            .Where(e => e.Method == "GET" && Parameters(e).Contains("limit") && !NotPaging.ContainsKey(e.ToString())).ToList();
        Assert.NotEmpty(paged);
        var wrong = new List<string>();
        foreach (var e in paged)
        {
            var queries = new List<(string Query, string Parameter)> { ($"limit={MaxLimit + 1}", "limit"), ("limit=-5", "limit") };
            if (Parameters(e).Contains("offset")) queries.Add(("offset=-1", "offset"));
            foreach (var (query, parameter) in queries)
            {
                using var response = await admin.GetAsync($"{e.SampleUrl}?{query}");
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != 400 || !body.Contains(parameter, StringComparison.Ordinal))
                    wrong.Add($"{e} ?{query}: {(int)response.StatusCode} {body[..Math.Min(160, body.Length)]}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static HashSet<string> Parameters(EndpointInfo e) =>
        e.Endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.GetParameters().Select(p => p.Name!).ToHashSet() ?? [];
}
