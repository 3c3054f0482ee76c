using System.Text.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Health;

/// <summary>
/// For whoever runs the server (a service manager, a load balancer, Kubernetes): <c>GET /health/live</c>
/// answers 200 while the process runs (nothing checked); <c>GET /health/ready</c> answers 200 when the
/// database answers a query and the Hangfire storage answers and, when this process runs a Hangfire
/// server (<c>Coverage:Server</c>), that server is registered and beating; else 503. Anonymous and cheap
/// (each check bounded to <see cref="CheckSeconds"/> s); the body names only the checks and their state,
/// never an error message, host or database name. Answered by middleware ahead of authentication, so
/// that a probe never waits for (or fails with) the token checks, which read the database.
/// </summary>
internal static class HealthApi
{
    public const int CheckSeconds = 3;
    private const string Ready = "ready";

    public static void AddHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(CheckSeconds))
            .AddCheck<HangfireCheck>("hangfire", tags: [Ready], timeout: TimeSpan.FromSeconds(CheckSeconds));

    public static void UseHealth(this WebApplication app)
    {
        // anonymous: live says only that the process runs, ready only whether the database and the job storage answer
        app.UseHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        if (report.Status != HealthStatus.Healthy) http.Response.Headers.RetryAfter = "5";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>The application's database answers <c>select 1</c>.</summary>
    private sealed class DatabaseCheck(NpgsqlDataSource db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                await using var cmd = db.CreateCommand(Sql.Get("Features/Health/SelectOne.sql"));
                await cmd.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("database unavailable", e);
            }
        }
    }

    /// <summary>The Hangfire storage answers; this process's Hangfire server, when it should run one, is registered and beating.</summary>
    private sealed class HangfireCheck(JobStorage storage, IConfiguration config, IOptions<CoverageOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), ct).WaitAsync(ct);
                if (!config.GetValue("Coverage:Server", true)) return HealthCheckResult.Healthy("no job server in this process");
                var timeout = TimeSpan.FromSeconds(Math.Max(30, options.Value.InvisibilitySeconds * 2));
                var mine = CoverageJobs.WorkerName.ToLowerInvariant() + ":";
                return servers.Any(s => s.Name.StartsWith(mine, StringComparison.OrdinalIgnoreCase) && s.Heartbeat is { } beat && DateTime.UtcNow - beat < timeout)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("this process's job server is not running");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return HealthCheckResult.Unhealthy("job storage unavailable", e);
            }
        }
    }
}
