using System.Diagnostics;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// SIGTERM during expensive work (issue 13, item 4): the server stops within seconds, not when the work
/// would have ended (a service manager kills what does not stop in time). A real process on the demo
/// database, whose city-sized network makes a category's service area take seconds.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Server_ExitsWithinSeconds_WhenTerminatedDuringExpensiveWork()
    {
        var cs = PostgisFixture.DemoConnectionString ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set: run the tests through scripts/test");
        await using var server = await ServerProcess.StartAsync(cs);
        var planner = await server.ClientAsAsync("planner", DemoHosts.DemoPassword("planner"));
        (await planner.GetAsync("/api/nearest?lon=116.47&lat=39.99")).EnsureSuccessStatusCode();   // network loaded

        var work = planner.GetAsync("/api/service-areas?category=library&bands=10,15,20,30&buffer=25");
        await Task.WhenAny(work, Task.Delay(700));
        Assert.False(work.IsCompleted, "the service area ended before the signal: nothing was in progress to stop");
        var clock = Stopwatch.StartNew();
        server.Terminate();
        await Task.WhenAny(server.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20)));
        var exited = server.Process.HasExited;
        // Bound, not a benchmark: the host's shutdown timeout is 5 s; before, the work ran on for a minute or more.
        Assert.True(exited, $"still running {clock.Elapsed.TotalSeconds:F0} s after SIGTERM:\n{server.Log}");
        Assert.Equal(0, server.Process.ExitCode);
        try { await work; } catch (HttpRequestException) { }   // answered 503 or the connection closed: either way it ended
    }
}
