using System.Net;
using System.Text.Json;
using GridGIS.Core.Grids;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Tests.Features.Grids;

[Collection(PostgisCollection.Name)]
public sealed class AssignmentApiTests(PostgisFixture fx)
{
    [Fact]
    public async Task Assign_PutsBoundaryHouseholdsInLowestCodeGrid_AsCoreRuleDoes()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        // West grid has the higher code, so the shared edge x = 10 belongs to the east grid.
        var west = await d.GridAsync(community, "002", d.Box(0, 0, 10, 10));
        var east = await d.GridAsync(community, "001", d.Box(10, 0, 20, 10));
        long inWest = await d.HouseholdAsync(5, 5), inEast = await d.HouseholdAsync(15, 5),
             onEdge = await d.HouseholdAsync(10, 5), onCorner = await d.HouseholdAsync(10, 10), onOuterEdge = await d.HouseholdAsync(0, 5);

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/grids/assign?scope=all", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(west, await d.GridOfAsync(inWest));
        Assert.Equal(east, await d.GridOfAsync(inEast));
        Assert.Equal(east, await d.GridOfAsync(onEdge));
        Assert.Equal(east, await d.GridOfAsync(onCorner));
        Assert.Equal(west, await d.GridOfAsync(onOuterEdge));

        // The database statement and the Core rule agree on every household of this test.
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        var reader = new NetTopologySuite.IO.WKTReader();
        var core = new GridAssignment([new GridShape(west, d.Code("002"), reader.Read(d.Box(0, 0, 10, 10))),
                                       new GridShape(east, d.Code("001"), reader.Read(d.Box(10, 0, 20, 10)))]);
        foreach (var (id, x, y) in new[] { (inWest, 5.0, 5.0), (inEast, 15, 5), (onEdge, 10, 5), (onCorner, 10, 10), (onOuterEdge, 0, 5) })
            Assert.Equal(core.GridOf(f.CreatePoint(new Coordinate(d.X(x), d.Y(y))))!.Id, await d.GridOfAsync(id));
    }

    [Fact]
    public async Task Assign_ReportsHouseholdInNoGrid_AndKeepsIt()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var inside = await d.HouseholdAsync(5, 5);
        var outside = await d.HouseholdAsync(30, 30);
        var before = await fx.CountAsync("household");

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var doc = JsonDocument.Parse(await (await admin.PostAsync("/api/grids/assign", null)).Content.ReadAsStringAsync());
        var unassigned = doc.RootElement.GetProperty("unassigned");
        Assert.True(unassigned.GetProperty("count").GetInt64() >= 1);
        var listed = unassigned.GetProperty("households").EnumerateArray().Single(h => h.GetProperty("id").GetInt64() == outside);
        Assert.Equal(d.X(30), listed.GetProperty("lon").GetDouble(), 7);
        Assert.Equal(grid, await d.GridOfAsync(inside));
        Assert.Null(await d.GridOfAsync(outside));
        Assert.Equal(before, await fx.CountAsync("household"));

        using var report = JsonDocument.Parse(await admin.GetStringAsync("/api/households/unassigned"));
        Assert.Contains(report.RootElement.GetProperty("households").EnumerateArray(), h => h.GetProperty("id").GetInt64() == outside);
    }

    [Fact]
    public async Task Assign_KeepsManualMoves_WhenScopeIsUnassigned()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var other = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10));
        var moved = await d.HouseholdAsync(5, 5, gridId: other);   // placed by hand in the other grid
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        (await admin.PostAsync("/api/grids/assign", null)).EnsureSuccessStatusCode();
        Assert.Equal(other, await d.GridOfAsync(moved));
    }

    [Fact]
    public async Task AssignAll_ClearsGrid_WhenHouseholdLiesInNoGridAnyMore()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var stray = await d.HouseholdAsync(40, 40, gridId: grid);   // recorded in the grid, located far outside it
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        (await admin.PostAsync("/api/grids/assign", null)).EnsureSuccessStatusCode();
        Assert.Equal(grid, await d.GridOfAsync(stray));              // scope unassigned leaves it alone
        using var doc = JsonDocument.Parse(await (await admin.PostAsync("/api/grids/assign?scope=all", null)).Content.ReadAsStringAsync());
        Assert.Null(await d.GridOfAsync(stray));
        Assert.Contains(doc.RootElement.GetProperty("unassigned").GetProperty("households").EnumerateArray(), h => h.GetProperty("id").GetInt64() == stray);
        Assert.True(doc.RootElement.GetProperty("changed").GetInt64() >= 1);
    }

    [Fact]
    public async Task AssignAll_KeepsGridForeignKey_ValidatedAndOnDeleteSetNull()
    {
        // scope=all runs with the grid key suspended for speed; it must come back exactly as declared.
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        await d.HouseholdAsync(5, 5);
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        (await admin.PostAsync("/api/grids/assign?scope=all", null)).EnsureSuccessStatusCode();

        await using var cmd = fx.Db.CreateCommand("""
            select count(*)::int, bool_and(convalidated), min(confdeltype::text), min(confrelid::regclass::text)
              from pg_constraint where conrelid = 'household'::regclass and conname = 'household_grid_id_fkey' and contype = 'f'
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(1, r.GetInt32(0));
        Assert.True(r.GetBoolean(1));
        Assert.Equal("n", r.GetString(2));          // on delete set null
        Assert.Equal("grid", r.GetString(3));
    }

    [Fact]
    public async Task AssignAll_LeavesGridKeyEnforced_AfterRun()
    {
        // The key is enforced again after a full run: a household cannot point at a missing grid.
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        (await admin.PostAsync("/api/grids/assign?scope=all", null)).EnsureSuccessStatusCode();
        var d = new GridTestData(fx);
        var household = await d.HouseholdAsync(5, 5);
        await using var cmd = fx.Db.CreateCommand("update household set grid_id = 2147483600 where id = $1");
        cmd.Parameters.Add(new() { Value = household });
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
    }

    [Theory]
    [InlineData(Roles.Planner, HttpStatusCode.Forbidden)]
    [InlineData(Roles.GridWorker, HttpStatusCode.Forbidden)]
    public async Task Assign_IsRefused_ForOtherRoles(string role, HttpStatusCode expected)
    {
        var client = await fx.ClientAsAsync(role);
        Assert.Equal(expected, (await client.PostAsync("/api/grids/assign", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fx.Factory.CreateClient().PostAsync("/api/grids/assign", null)).StatusCode);
    }

    [Fact]
    public async Task Assign_Returns400_WhenScopeUnknown()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/grids/assign?scope=everything", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
