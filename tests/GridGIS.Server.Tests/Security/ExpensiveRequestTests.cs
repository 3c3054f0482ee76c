using System.Diagnostics.Metrics;
using System.Net;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// A signed-in user cannot starve the server (issue 13, item 4): what a request may ask is bounded, a
/// request whose client leaves stops its work, and parallel expensive requests of one account are
/// refused with 429 while another account's plain layer still answers. The last two run on the demo
/// database (its city-sized walking network makes a category's service area take seconds).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ExpensiveRequestTests(PostgisFixture fx)
{
    [Theory]
    [InlineData("bands=10,20,30,40,50,60", "bands")]
    [InlineData("bands=5,10,15,20,30", "bands")]       // every allowed minute: more bands than one request may ask
    [InlineData("bands=5,10,17", "bands")]
    [InlineData("minutes=37", "minutes")]
    [InlineData("minutes=60", "minutes")]
    [InlineData("buffer=37.2961", "buffer")]          // a random buffer defeats the area cache
    [InlineData("buffer=1", "buffer")]
    [InlineData("mode=-1", "mode")]                   // an enum's number is not one of its names
    public async Task ServiceAreas_Return400NamingTheParameterAndItsAllowedValues_WhenOutsideTheAllowedSets(string query, string parameter)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        foreach (var url in new[] { $"/api/service-areas?category=library&{query}", $"/api/facilities/1/service-area?{query}" })
        {
            var problem = await (await client.GetAsync(url)).AssertProblemAsync(400);
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
            Assert.True(problem.TryGetProperty("allowed", out var allowed) && allowed.GetArrayLength() > 0, $"{url}: no allowed values in {problem}");
        }
    }

    [Fact]
    public async Task CategoryServiceArea_StopsItsWork_WhenTheClientDisconnects()
    {
        var host = DemoHosts.Create(fx);
        var planner = await DemoHosts.ClientAsAsync(host, "planner");
        using var outcomes = new Outcomes(host.Services);
        // the network is loaded once per host: load it first, so that the request below spends its time computing
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync("/api/nearest?lon=116.47&lat=39.99")).StatusCode);

        using var leave = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            planner.GetAsync("/api/service-areas?category=library&bands=10,15,20,30&buffer=25", leave.Token));

        var outcome = await outcomes.WaitForAsync("/api/service-areas", TimeSpan.FromSeconds(60));
        Assert.True(outcome == "cancelled", $"the service area's work went on after its client left: outcome '{outcome}'");
    }

    [Fact]
    public async Task ParallelExpensiveRequests_FromOneAccount_Get429WithRetryAfter_WhileAnotherAccountsLayerAnswers()
    {
        var host = DemoHosts.Create(fx);
        var planner = await DemoHosts.ClientAsAsync(host, "planner");
        var official = await DemoHosts.ClientAsAsync(host, "official");
        using var outcomes = new Outcomes(host.Services);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        // six different requests, so that no answer comes from the area cache
        var attack = new[] { "5,10", "5,15", "5,20", "5,30", "10,15", "10,20" }
            .Select(b => planner.GetAsync($"/api/service-areas?category=library&bands={b}&buffer=25", stop.Token)).ToArray();

        var refused = new List<HttpResponseMessage>();
        while (refused.Count == 0 && !stop.IsCancellationRequested && attack.Any(t => !t.IsCompleted))
        {
            await Task.WhenAny(attack.Where(t => !t.IsCompleted).Append(Task.Delay(200)));
            refused = attack.Where(t => t.IsCompletedSuccessfully && t.Result.StatusCode == HttpStatusCode.TooManyRequests).Select(t => t.Result).ToList();
        }
        var layer = await official.GetAsync("/api/streets");
        var stillRunning = attack.Count(t => !t.IsCompleted);
        stop.Cancel();
        try { await Task.WhenAll(attack); } catch (OperationCanceledException) { }

        Assert.True(refused.Count > 0, "six parallel service areas of one account: none refused: "
            + string.Join(", ", attack.Where(t => t.IsCompletedSuccessfully).Select(t => (int)t.Result.StatusCode)));
        foreach (var r in refused)
        {
            await r.AssertProblemAsync(429);
            Assert.True(r.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "429 without Retry-After");
        }
        Assert.Equal(HttpStatusCode.OK, layer.StatusCode);
        Assert.True(stillRunning > 0, "the layer was asked after every expensive request had ended: nothing shows it answered during them");
    }

    /// <summary>The outcomes the host counts on its expensive-request metric, by endpoint.</summary>
    private sealed class Outcomes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Endpoint, string Outcome)> _seen = new();

        public Outcomes(IServiceProvider services)
        {
            var meters = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter.Scope, meters) && i.Name == "gridgis.expensive_requests") l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? endpoint = null, outcome = null;
                foreach (var t in tags)
                {
                    if (t.Key == "endpoint") endpoint = t.Value as string;
                    if (t.Key == "outcome") outcome = t.Value as string;
                }
                lock (_seen) _seen.Add((endpoint ?? "", outcome ?? ""));
            });
            _listener.Start();
        }

        /// <summary>The first outcome counted for an endpoint whose pattern contains <paramref name="endpoint"/>, or "none" after the timeout.</summary>
        public async Task<string> WaitForAsync(string endpoint, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                lock (_seen)
                    foreach (var (e, o) in _seen)
                        if (e.Contains(endpoint, StringComparison.Ordinal)) return o;
                await Task.Delay(100);
            }
            return "none";
        }

        public void Dispose() => _listener.Dispose();
    }
}
