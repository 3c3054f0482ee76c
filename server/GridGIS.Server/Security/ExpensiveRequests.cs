using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace GridGIS.Server.Security;

/// <summary>
/// Requests that cost seconds of CPU or a large answer (service areas, nearest facilities, the heatmap,
/// the comparison image, topology over all communities): at most <c>Security:Expensive:PerUser</c>
/// (default 1) running per signed-in account with <c>Security:Expensive:QueuePerUser</c> (default 3)
/// waiting, and at most <c>Security:Expensive:Total</c> (default: half the processors, at least 1)
/// running in the process with <c>Security:Expensive:QueueTotal</c> (default 4 per permit) waiting,
/// oldest first. Half: one service area's tracing alone can keep every core busy (it runs in parallel),
/// so the other half stays free for the plain layers.
/// Beyond that 429 ProblemDetails with Retry-After, so that one account, or many, cannot crowd out the
/// plain layers. A waiting or running request that the client gives up on (or that the server's
/// shutdown cancels) stops: its handler's token is the request's. Every outcome is counted on the
/// metric <see cref="MetricName"/> (tags <c>endpoint</c>, <c>outcome</c> = completed | cancelled | refused).
/// </summary>
internal sealed class ExpensiveRequests : IDisposable
{
    public const string MeterName = "GridGIS.Server";
    public const string MetricName = "gridgis.expensive_requests";
    /// <summary>Seconds a refused caller is told to wait: a running request usually ends within that.</summary>
    public const int RetryAfterSeconds = 2;

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly Counter<long> _outcomes;

    public ExpensiveRequests(IConfiguration config, IMeterFactory meters)
    {
        var perUser = Setting(config, "PerUser", 1);
        var queuePerUser = Setting(config, "QueuePerUser", 3, min: 0);
        var total = Setting(config, "Total", Math.Max(1, Environment.ProcessorCount / 2));
        var queueTotal = Setting(config, "QueueTotal", 4 * total, min: 0);
        var perAccount = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetConcurrencyLimiter(user,
            _ => new ConcurrencyLimiterOptions { PermitLimit = perUser, QueueLimit = queuePerUser, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        var process = PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all",
            _ => new ConcurrencyLimiterOptions { PermitLimit = total, QueueLimit = queueTotal, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }));
        _limiter = PartitionedRateLimiter.CreateChained(perAccount, process);
        _outcomes = meters.Create(MeterName).CreateCounter<long>(MetricName, description: "expensive requests by outcome: completed, cancelled (client gone or server stopping), refused (429)");
    }

    /// <summary>Puts <paramref name="endpoint"/> under the limits.</summary>
    public static TBuilder Limit<TBuilder>(TBuilder endpoint) where TBuilder : IEndpointConventionBuilder
    {
        endpoint.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var limits = http.RequestServices.GetRequiredService<ExpensiveRequests>();
            var name = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
            var user = http.User.Identity?.Name is { Length: > 0 } n ? n.ToLowerInvariant() : "anonymous";
            RateLimitLease lease;
            try { lease = await limits._limiter.AcquireAsync(user, 1, http.RequestAborted); }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested) { limits.Count(name, "cancelled"); throw; }
            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    limits.Count(name, "refused");
                    http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    return Results.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many expensive requests",
                        Detail = $"too many requests of this kind are running for this account or on this server; try again in {RetryAfterSeconds} seconds",
                    });
                }
                try
                {
                    var result = await next(ctx);
                    limits.Count(name, "completed");
                    return result;
                }
                catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
                {
                    limits.Count(name, "cancelled");
                    throw;
                }
            }
        });
        return endpoint;
    }

    private void Count(string endpoint, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", outcome));

    private static int Setting(IConfiguration config, string key, int fallback, int min = 1)
    {
        var v = config.GetValue<int?>($"Security:Expensive:{key}") ?? fallback;
        return v >= min ? v : throw new InvalidOperationException($"Security:Expensive:{key} must be at least {min}, not {v}");
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary><see cref="ExpensiveRequests.Limit"/> as an extension.</summary>
internal static class ExpensiveRequestsExtensions
{
    /// <summary>Puts the endpoint under the limits of <see cref="ExpensiveRequests"/>.</summary>
    public static TBuilder LimitAsExpensive<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        ExpensiveRequests.Limit(endpoint);
}
