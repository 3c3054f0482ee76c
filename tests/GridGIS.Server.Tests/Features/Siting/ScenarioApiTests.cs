using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;

namespace GridGIS.Server.Tests.Features.Siting;

/// <summary>
/// Scenarios over a real network-mode coverage run on PostGIS: an edit's figures equal those of a fresh full coverage
/// run with the edit made real in the database (the facility really added, moved, closed; then put back), and the
/// scenario itself never changes the facility table.
/// </summary>
public sealed class ScenarioApiTests(ScenarioDatabase db) : IClassFixture<ScenarioDatabase>
{
    private sealed record Unit(string Level, int UnitId, long HouseholdsCovered, double? Accessibility);

    /// <summary>A run's units of one category (admin: nothing withheld).</summary>
    private static async Task<Dictionary<(string, int), Unit>> RunUnitsAsync(HttpClient admin, long run, string category)
    {
        using var doc = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{run}?category={category}"));
        return doc.RootElement.GetProperty("units").EnumerateArray().Select(u => new Unit(u.GetProperty("level").GetString()!, u.GetProperty("unitId").GetInt32(),
                u.GetProperty("householdsCovered").GetInt64(), u.GetProperty("accessibility").ValueKind == JsonValueKind.Number ? u.GetProperty("accessibility").GetDouble() : null))
            .ToDictionary(u => (u.Level, u.UnitId));
    }

    private static async Task<long> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/scenarios", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> EditAsync(HttpClient client, long scenario, object edit)
    {
        var response = await client.PostAsJsonAsync($"/api/scenarios/{scenario}/edits", edit);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("categories")[0].Clone();
    }

    /// <summary>
    /// Every unit of the fresh run equals the scenario's: the units the scenario lists (district, streets, changed
    /// communities and grids) by their figures, the others as the base run has them.
    /// </summary>
    private static void CheckEqualsRun(JsonElement figures, Dictionary<(string, int), Unit> baseRun, Dictionary<(string, int), Unit> fresh)
    {
        var listed = figures.GetProperty("units").EnumerateArray().ToDictionary(u => (u.GetProperty("level").GetString()!, u.GetProperty("unitId").GetInt32()));
        Assert.Equal(baseRun.Keys.Order(), fresh.Keys.Order());
        var changed = 0;
        foreach (var (key, want) in fresh)
        {
            if (listed.TryGetValue(key, out var u))
            {
                var scenario = u.GetProperty("scenario");
                Assert.True(want.HouseholdsCovered == scenario.GetProperty("householdsCovered").GetInt64(), $"{key}: run {want.HouseholdsCovered}, scenario {scenario}");
                Assert.Equal(want.Accessibility ?? 0, scenario.GetProperty("accessibility").ValueKind == JsonValueKind.Number ? scenario.GetProperty("accessibility").GetDouble() : 0, 9);
                Assert.Equal(baseRun[key].HouseholdsCovered, u.GetProperty("base").GetProperty("householdsCovered").GetInt64());
                if (want.HouseholdsCovered != baseRun[key].HouseholdsCovered) changed++;
            }
            else Assert.True(want.HouseholdsCovered == baseRun[key].HouseholdsCovered, $"{key}: not listed as changed, but the fresh run has {want.HouseholdsCovered} against {baseRun[key].HouseholdsCovered}");
        }
        Assert.True(changed > 0, "the edit changed no unit: the test proves nothing");
    }

    [Fact]
    public async Task Add_InAGap_EqualsAFreshRunWithTheFacilityReallyAdded_AndLeavesTheFacilityTableAlone()
    {
        var admin = await db.ClientAsAsync(Roles.Administrator);
        var planner = await db.ClientAsAsync(Roles.Planner);
        var run = await db.NetworkRunAsync(admin);
        var clinic = db.Clinic;
        // a point inside the run's largest gap of the category
        var lon = await db.ScalarAsync<double>("select st_x(st_pointonsurface(geom)) from coverage_gap where run_id = $1 and category_code = $2 order by households desc limit 1", run, clinic);
        var lat = await db.ScalarAsync<double>("select st_y(st_pointonsurface(geom)) from coverage_gap where run_id = $1 and category_code = $2 order by households desc limit 1", run, clinic);
        var facilities = await db.FacilityDigestAsync();
        var baseRun = await RunUnitsAsync(admin, run, clinic);

        var scenario = await CreateAsync(planner, "a clinic in the gap");
        var figures = await EditAsync(planner, scenario, new { kind = "add", category = clinic, lon, lat, capacity = 120 });
        var district = figures.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("level").GetString() == "district");
        var newly = figures.GetProperty("newlyCovered").GetProperty("households").GetInt64();
        Assert.True(newly >= 5, $"newly covered {newly}");
        Assert.Equal(newly, district.GetProperty("householdsCoveredChange").GetInt64());
        Assert.Equal(0, figures.GetProperty("newlyUncovered").GetProperty("households").GetInt64());
        var added = figures.GetProperty("facilities").EnumerateArray().Single();
        Assert.Equal(("added", -1), (added.GetProperty("state").GetString(), added.GetProperty("facilityId").GetInt32()));
        Assert.Equal(facilities, await db.FacilityDigestAsync());
        // the planner's answer withholds units the edit moves by 1-4 households; the administrator's shows every figure
        using var all = JsonDocument.Parse(await admin.GetStringAsync($"/api/scenarios/{scenario}"));
        figures = all.RootElement.GetProperty("categories")[0].Clone();

        // the facility made real, and a fresh full run
        var id = await db.ScalarAsync<int>("insert into facility (category_code, name, geom, capacity, generated) values ($1, 'scenario check', st_setsrid(st_makepoint($2, $3), 4326), 120, true) returning id", clinic, lon, lat);
        try
        {
            var fresh = await RunUnitsAsync(admin, await db.NetworkRunAsync(admin), clinic);
            CheckEqualsRun(figures, baseRun, fresh);
            // the data moved on: the scenario's base run no longer holds, and says so
            var stale = await planner.GetAsync($"/api/scenarios/{scenario}");
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }
        finally { await db.ScalarAsync<int>("with d as (delete from facility where id = $1 returning 1) select count(*)::int from d", id); }
    }

    [Fact]
    public async Task MoveAndClose_EqualFreshRunsWithTheFacilityReallyMovedAndClosed()
    {
        var admin = await db.ClientAsAsync(Roles.Administrator);
        var run = await db.NetworkRunAsync(admin);
        var clinic = db.Clinic;
        var baseRun = await RunUnitsAsync(admin, run, clinic);
        var facility = await db.ScalarAsync<int>("select min(id) from facility where category_code = $1", clinic);
        var (lon, lat) = (db.Data.MinLon + 0.029, db.Data.MinLat + 0.021);
        var facilities = await db.FacilityDigestAsync();

        var moveScenario = await CreateAsync(admin, "moved");
        var moved = await EditAsync(admin, moveScenario, new { kind = "move", category = clinic, facilityId = facility, lon, lat });
        var closeScenario = await CreateAsync(admin, "closed");
        var closed = await EditAsync(admin, closeScenario, new { kind = "close", category = clinic, facilityId = facility });
        Assert.True(closed.GetProperty("newlyUncovered").GetProperty("households").GetInt64() > 0);
        Assert.Equal(facilities, await db.FacilityDigestAsync());

        var before = await db.ScalarAsync<string>("select st_astext(geom) from facility where id = $1", facility);
        await db.ScalarAsync<int>("with u as (update facility set geom = st_setsrid(st_makepoint($2, $3), 4326) where id = $1 returning 1) select count(*)::int from u", facility, lon, lat);
        try { CheckEqualsRun(moved, baseRun, await RunUnitsAsync(admin, await db.NetworkRunAsync(admin), clinic)); }
        finally { await db.ScalarAsync<int>("with u as (update facility set geom = st_geomfromtext($2, 4326) where id = $1 returning 1) select count(*)::int from u", facility, before); }

        var row = await db.ScalarAsync<string>("select row_to_json(f)::text from facility f where id = $1", facility);
        await db.ScalarAsync<int>("with d as (delete from facility where id = $1 returning 1) select count(*)::int from d", facility);
        try { CheckEqualsRun(closed, baseRun, await RunUnitsAsync(admin, await db.NetworkRunAsync(admin), clinic)); }
        finally
        {
            await db.ScalarAsync<int>("with i as (insert into facility select * from json_populate_record(null::facility, $1::json) returning 1) select count(*)::int from i", row);
        }
        Assert.Equal(facilities, await db.FacilityDigestAsync());
    }
}
