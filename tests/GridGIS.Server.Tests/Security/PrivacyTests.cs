using System.Globalization;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Aggregates that could single out a household withhold counts below 5 for every role but
/// administrator, and say so. Each test plants a small, isolated group of households at a random
/// spot, so the small count is known and no other test's rows fall into the same cells or units.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class PrivacyTests(PostgisFixture fx)
{
    private static readonly string[] NonAdministrators = [Roles.Planner, Roles.Official, Roles.GridWorker];

    [Fact]
    public async Task Heatmap_WithholdsCellsUnderFiveHouseholds_ForEveryRoleButAdministrator()
    {
        var t = new GridTestData(fx);
        await t.HouseholdAsync(0.1, 0.1, residents: 4, foreign: 2, nationalities: "{\"KR\": 2}");
        await t.HouseholdAsync(0.2, 0.1, residents: 3, foreign: 3, nationalities: "{\"JP\": 3}");
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{t.X(-2)},{t.Y(-2)},{t.X(2)},{t.Y(2)}");
        var url = $"/api/heatmap?metric=foreign&bbox={bbox}&zoom=16";

        using var admin = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Administrator)).GetStringAsync(url));
        Assert.False(admin.RootElement.GetProperty("suppressed").GetBoolean());
        Assert.Equal(2, admin.RootElement.GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("households").GetInt64()));

        foreach (var role in NonAdministrators)
        {
            using var doc = JsonDocument.Parse(await (await fx.ClientAsAsync(role)).GetStringAsync(url));
            Assert.True(doc.RootElement.GetProperty("suppressed").GetBoolean(), role);
            Assert.Contains("privacy", doc.RootElement.GetProperty("note").GetString());
            Assert.All(doc.RootElement.GetProperty("features").EnumerateArray(), f =>
                Assert.True(f.GetProperty("properties").GetProperty("households").GetInt64() >= 5, $"{role} sees a cell of fewer than 5 households"));
        }
    }

    [Fact]
    public async Task StreetFigures_WithholdSmallHouseholdCounts_ForEveryRoleButAdministrator()
    {
        var t = new GridTestData(fx);
        var community = await t.CommunityAsync(t.Box(0, 0, 1, 1));
        var street = await t.ScalarAsync<int>("select street_id from community where id = $1", community);
        for (var i = 0; i < 3; i++)
        {
            var id = await t.HouseholdAsync(0.1 * (i + 1), 0.5, residents: 2, foreign: 1, nationalities: "{\"US\": 1}");
            await t.ScalarAsync<int>("with u as (update household set street_id = $1 where id = $2 returning 1) select count(*)::int from u", street, id);
        }
        var url = $"/api/streets/{street}/figures";

        using var admin = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Administrator)).GetStringAsync(url));
        var loaded = admin.RootElement.GetProperty("loaded");
        Assert.Equal(3, loaded.GetProperty("households").GetInt32());
        Assert.False(loaded.GetProperty("suppressed").GetBoolean());

        foreach (var role in NonAdministrators)
        {
            using var doc = JsonDocument.Parse(await (await fx.ClientAsAsync(role)).GetStringAsync(url));
            var l = doc.RootElement.GetProperty("loaded");
            Assert.True(l.GetProperty("suppressed").GetBoolean(), role);
            foreach (var field in new[] { "households", "residents", "foreignResidents", "foreignShare" })
                Assert.Equal(JsonValueKind.Null, l.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public async Task DesignationProposals_WithholdSmallNationalityCounts_ForAnalystsButNotAdministrator()
    {
        var t = new GridTestData(fx);
        var community = await t.CommunityAsync(t.Box(0, 0, 1, 1));
        var grid = await t.GridAsync(community, "001", t.Box(0, 0, 1, 1));
        await t.HouseholdAsync(0.5, 0.5, residents: 3, foreign: 3, nationalities: "{\"FR\": 3}", gridId: grid);
        await t.HouseholdAsync(0.6, 0.5, residents: 10, foreign: 8, nationalities: "{\"DE\": 8}", gridId: grid);
        const string url = "/api/grids/designation/proposals?minForeign=1&minShare=0.01";

        static JsonElement Proposal(JsonDocument doc, string code) => doc.RootElement.GetProperty("proposals").EnumerateArray()
            .Single(p => p.ToString().Contains(code, StringComparison.Ordinal));
        static JsonElement? Nationality(JsonElement proposal, string nationality) => proposal.GetProperty("nationalities").EnumerateArray()
            .Select(n => (JsonElement?)n).FirstOrDefault(n => n!.Value.ToString().Contains($"\"{nationality}\"", StringComparison.Ordinal));

        using var admin = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Administrator)).GetStringAsync(url));
        Assert.Contains("3", Nationality(Proposal(admin, t.Code("001")), "FR")!.Value.ToString());

        // Two households: for analysts the grid's figures are withheld, so it is neither proposed nor listed with its nationalities.
        foreach (var role in new[] { Roles.Planner, Roles.Official })
        {
            using var doc = JsonDocument.Parse(await (await fx.ClientAsAsync(role)).GetStringAsync(url));
            Assert.True(doc.RootElement.GetProperty("suppression").GetProperty("applied").GetBoolean());
            Assert.DoesNotContain(doc.RootElement.GetProperty("proposals").EnumerateArray(), p => p.ToString().Contains(t.Code("001"), StringComparison.Ordinal));
        }
    }
}
