using System.Net;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>
/// SQL and script injection in every free-text field of every layer: stored verbatim as data (the
/// values go to PostgreSQL as parameters), and the tables the statements name are untouched.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportInjectionTests(PostgisFixture fx)
{
    public static TheoryData<string> Payloads => new(
        "x'); drop table street; --",
        "'; delete from facility where ''='",
        "<script>alert(document.cookie)</script>",
        "\" onmouseover=\"alert(1)",
        "$1; select pg_sleep(10); --",
        "1 OR 1=1; update grid set kind='x'");

    [Theory, MemberData(nameof(Payloads))]
    public async Task Import_StoresInjectionVerbatim_InEveryTextField(string payload)
    {
        var t = new ImportTestFiles();
        var client = await fx.ClientAsAsync(Roles.Administrator);
        async Task Ok(string layer, HttpContent body)
        {
            var response = await client.PostAsync($"/api/import/{layer}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        var category = await InsertCategoryAsync(fx);
        var facilitiesBefore = await CountAsync("select count(*) from facility");

        await Ok("streets", Json((Props(("code", t.StreetCode), ("name_zh", payload), ("name_en", payload)), t.Street)));
        await Ok("communities", Csv((Props(("code", t.CommunityCode), ("name_zh", payload), ("name_en", payload)), t.Box(0, 0, 0.5, 1))));
        await Ok("grids", Json((Props(("code", t.GridCode), ("name", payload)), t.Box(0, 0, 0.5, 0.5))));
        await Ok("facilities", Csv((Props(("category", category), ("name", payload)), t.Point(0.2, 0.2))));

        await using var cmd = fx.Db.CreateCommand("""
            select array[s.name_zh, s.name_en, c.name_zh, c.name_en, g.name, f.name]
              from street s join community c on c.street_id = s.id join grid g on g.community_id = c.id
              join facility f on f.street_id = s.id
             where s.code = $1 and f.category_code = $2
            """);
        cmd.Parameters.Add(new() { Value = t.StreetCode });
        cmd.Parameters.Add(new() { Value = category });
        var stored = (string[])(await cmd.ExecuteScalarAsync())!;
        Assert.All(stored, v => Assert.Equal(payload, v));
        Assert.Equal(facilitiesBefore + 1, await CountAsync("select count(*) from facility"));
        Assert.Equal(0L, await CountAsync("select count(*) from grid where kind not in ('ordinary', 'foreign_resident')"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
