using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Ogc;

/// <summary>
/// Tile ETags come from the change counters each server process keeps in memory (DataVersions): two real server
/// processes on one database, with the fallback poll set to an hour so that only the database's notices can move them,
/// both change their ETags after a write by a third party (plain SQL) and after a coverage run becomes complete.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class TileVersionsTests(PostgisFixture fx)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ETags_ChangeInEveryProcess_AfterAWriteAndAFinishedRun_WithNoPolling()
    {
        var d = new GridTestData(fx);
        await d.CommunityAsync(d.Box(0, 0, 4, 4));
        var user = $"tv-{Guid.NewGuid():N}"[..20];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(fx.Db, user, Roles.Official, password);
        var (x, y) = TilesApiTests.TileOf(d.X(2), d.Y(2), 14);

        await using var a = await ServerProcess.StartAsync(fx.ConnectionString, ("Tiles__VersionPollSeconds", "3600"));
        await using var b = await ServerProcess.StartAsync(fx.ConnectionString, ("Tiles__VersionPollSeconds", "3600"));
        var clients = new[] { a, b }.Select(s =>
        {
            var c = new HttpClient { BaseAddress = new Uri(s.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            return c;
        }).ToArray();

        async Task<string> ETagAsync(HttpClient c, string layer)
        {
            var response = await c.GetAsync($"/tiles/{layer}/14/{x}/{y}.mvt");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.ETag!.Tag;
        }
        async Task<string> ChangedAsync(HttpClient c, string layer, string before)
        {
            var until = DateTime.UtcNow + Deadline;
            string now;
            while ((now = await ETagAsync(c, layer)) == before && DateTime.UtcNow < until) await Task.Delay(50);
            return now;
        }

        // both processes serve the same tags, and keep serving them while nothing is written
        var streets = await ETagAsync(clients[0], "streets");
        Assert.Equal(streets, await ETagAsync(clients[1], "streets"));
        var facilities = await ETagAsync(clients[0], "facilities");

        // a write by someone else (not through either server): both processes' street tags move, the facilities' do not
        await d.ScalarAsync<int>("update street set name_en = 'Moved' where code = $1 returning 1", d.Code("")[..9]);
        var moved = new[] { await ChangedAsync(clients[0], "streets", streets), await ChangedAsync(clients[1], "streets", streets) };
        Assert.NotEqual(streets, moved[0]);
        Assert.Equal(moved[0], moved[1]);
        Assert.Equal(facilities, await ETagAsync(clients[1], "facilities"));

        // a coverage run that becomes complete (a what-if run: never the latest, so other tests' results stay); the
        // coverage layers also count the street table, so their tags are taken after the street write above
        var coverage = await ETagAsync(clients[0], "coverage-streets");
        Assert.Equal(coverage, await ETagAsync(clients[1], "coverage-streets"));
        var run = await d.ScalarAsync<long>(
            "insert into coverage_run (parameters, mode, trigger, state, created_at) values ('{\"what_if\": true}', 'euclidean', 'test', 'running', now()) returning id");
        try
        {
            await d.ScalarAsync<long>("update coverage_run set state = 'complete', progress = 100, finished_at = now() where id = $1 returning id", run);
            var finished = new[] { await ChangedAsync(clients[0], "coverage-streets", coverage), await ChangedAsync(clients[1], "coverage-streets", coverage) };
            Assert.NotEqual(coverage, finished[0]);
            Assert.Equal(finished[0], finished[1]);
        }
        finally { await d.ScalarAsync<long>("delete from coverage_run where id = $1 returning id", run); }
    }
}
