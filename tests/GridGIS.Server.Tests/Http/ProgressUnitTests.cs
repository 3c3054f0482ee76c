using System.Globalization;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Http;

/// <summary>
/// One unit for progress: coverage runs and import jobs both report <c>percent</c>, 0..100. The viewer once
/// read the run's 0..100 as a fraction and multiplied it by 100 again ("6333%"); its generated types now
/// carry <c>percent</c>, and ViewerTests checks the text the progress bar shows.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ProgressUnitTests(PostgisFixture fx)
{
    [Fact]
    public async Task RunningCoverageRun_ReportsPercent0To100_AndNoOtherProgressField()
    {
        long id;
        await using (var insert = fx.Db.CreateCommand("""
            insert into coverage_run (parameters, mode, trigger, state, progress, created_at, started_at)
            values ('{}', 'network', 'test:progress', 'running', 63.33, now(), now()) returning id
            """))
            id = (long)(await insert.ExecuteScalarAsync())!;
        try
        {
            var client = await fx.ClientAsAsync(Roles.Planner);
            using var list = JsonDocument.Parse(await client.GetStringAsync("/api/coverage/runs?limit=1000"));
            var run = list.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
            Assert.Equal(63.33, run.GetProperty("percent").GetDouble(), 6);
            Assert.False(run.TryGetProperty("progress", out _), "a second progress field in another unit: " + run);

            using var one = JsonDocument.Parse(await client.GetStringAsync($"/api/coverage/runs/{id.ToString(CultureInfo.InvariantCulture)}"));
            var detail = one.RootElement.GetProperty("run");
            Assert.Equal(63.33, detail.GetProperty("percent").GetDouble(), 6);
            Assert.False(detail.TryGetProperty("progress", out _), "a second progress field in another unit: " + detail);
        }
        finally
        {
            // Not left running: start-up checks and other tests count unfinished runs.
            await using var end = fx.Db.CreateCommand("update coverage_run set state = 'failed', error = 'test row', finished_at = now() where id = $1");
            end.Parameters.Add(new() { Value = id });
            await end.ExecuteNonQueryAsync();
        }
    }
}
