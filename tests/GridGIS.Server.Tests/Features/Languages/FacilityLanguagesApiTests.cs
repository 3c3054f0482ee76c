using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Languages;

/// <summary>PATCH /api/facilities/{id}/languages: administrators only, ISO 639-1 checked, audited with before and after.</summary>
[Collection(PostgisCollection.Name)]
public sealed class FacilityLanguagesApiTests(PostgisFixture fx)
{
    private async Task<int> FacilityAsync()
    {
        await using var cmd = fx.Db.CreateCommand("""
            with c as (insert into facility_category (code, name_zh, name_en) values ('lang_test', '测试', 'Test')
                       on conflict (code) do update set code = excluded.code returning code)
            insert into facility (category_code, name, geom, languages) select code, '语言测试站', st_setsrid(st_makepoint(116.4, 39.9), 4326), '{zh}' from c
            returning id
            """);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string> LanguagesAsync(int id)
    {
        await using var cmd = fx.Db.CreateCommand("select array_to_string(languages, ',') from facility where id = $1");
        cmd.Parameters.Add(new() { Value = id });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Patch_SetsTheLanguages_AndAuditsBeforeAndAfter_AsAdministrator()
    {
        var id = await FacilityAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PatchAsJsonAsync($"/api/facilities/{id}/languages", new { languages = new[] { "zh", " KO", "ko" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["zh", "ko"], body.RootElement.GetProperty("languages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("zh,ko", await LanguagesAsync(id));
        await using var cmd = fx.Db.CreateCommand("select before::text || ' -> ' || after::text from audit_log where action = 'facility.languages' and entity_id = $1");
        cmd.Parameters.Add(new() { Value = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal("{\"languages\": [\"zh\"]} -> {\"languages\": [\"zh\", \"ko\"]}", (string?)await cmd.ExecuteScalarAsync());
        // The OGC facilities collection (what QGIS and GDAL read) shows them.
        using var ogc = JsonDocument.Parse(await admin.GetStringAsync($"/ogc/collections/facilities/items/{id}"));
        Assert.Equal(["zh", "ko"], ogc.RootElement.GetProperty("properties").GetProperty("languages").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{\"languages\": [\"zh\", \"kor\"]}", "kor")]
    [InlineData("{\"languages\": []}", "1 to 20")]
    [InlineData("{\"languages\": [\"zh\"], \"extra\": 1}", null)]
    public async Task Patch_RefusesWhatIsNotIso6391_AndChangesNothing(string json, string? detail)
    {
        var id = await FacilityAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PatchAsync($"/api/facilities/{id}/languages", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        if (detail is not null) Assert.Contains(detail, text);
        Assert.Equal("zh", await LanguagesAsync(id));
    }

    [Fact]
    public async Task Patch_IsRefusedToPlanners_AndAnUnknownFacilityIsNotFound()
    {
        var id = await FacilityAsync();
        var planner = await fx.ClientAsAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PatchAsJsonAsync($"/api/facilities/{id}/languages", new { languages = new[] { "ko" } })).StatusCode);
        Assert.Equal("zh", await LanguagesAsync(id));
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/api/facilities/2000000000/languages", new { languages = new[] { "ko" } })).StatusCode);
    }
}
