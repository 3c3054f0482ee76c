using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using GridGIS.Server.Tests.Infrastructure;
using GridGIS.Server.Tests.Security;

namespace GridGIS.Server.Tests.Features.Grids;

/// <summary>One valid request per write endpoint of the grids and households features, for <see cref="AuditTests"/>.</summary>
internal static class GridsAuditCases
{
    private static async Task<(GridTestData D, int Community, int Grid)> GridAsync(PostgisFixture fx)
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        return (d, community, await d.GridAsync(community, "001", d.Box(0, 0, 10, 10)));
    }

    public static readonly AuditTests.WriteCase[] Writes =
    [
        new("POST /api/grids/assign", "household", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/grids/assign"))),
        new("POST /api/grids/{id:int}/designation", "grid", async (fx, _) =>
        {
            var (_, _, grid) = await GridAsync(fx);
            return new HttpRequestMessage(HttpMethod.Post, $"/api/grids/{grid}/designation")
                { Content = JsonContent.Create(new { kind = "foreign_resident", reason = "audit case" }) };
        }),
        new("POST /api/grid-workers", "grid_worker", (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/grid-workers")
            { Content = JsonContent.Create(new { name = "审计", languages = new[] { "zh" } }) })),
        new("PUT /api/grid-workers/{id:int}", "grid_worker", async (fx, _) =>
        {
            var worker = await new GridTestData(fx).WorkerAsync("审计", ["zh"]);
            return new HttpRequestMessage(HttpMethod.Put, $"/api/grid-workers/{worker}") { Content = JsonContent.Create(new { name = "审计二", languages = new[] { "zh", "en" } }) };
        }),
        new("PUT /api/grids/{id:int}/worker", "grid", async (fx, _) =>
        {
            var (d, _, grid) = await GridAsync(fx);
            var worker = await d.WorkerAsync("审计", ["zh"]);
            return new HttpRequestMessage(HttpMethod.Put, $"/api/grids/{grid}/worker") { Content = JsonContent.Create(new { workerId = worker }) };
        }),
        new("POST /api/households/{id:long}/move", "household", async (fx, _) =>
        {
            var (d, community, grid) = await GridAsync(fx);
            var other = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10));
            var household = await d.HouseholdAsync(5, 5, gridId: grid);
            return new HttpRequestMessage(HttpMethod.Post, $"/api/households/{household}/move") { Content = JsonContent.Create(new { toGridId = other, reason = "audit case" }) };
        }),
        new("POST /api/households/import", "household", async (fx, _) =>
        {
            var (d, _, _) = await GridAsync(fx);
            var csv = string.Create(CultureInfo.InvariantCulture, $"lon,lat,residents\n{d.X(5)},{d.Y(5)},2\n");
            return new HttpRequestMessage(HttpMethod.Post, "/api/households/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        }),
    ];
}
