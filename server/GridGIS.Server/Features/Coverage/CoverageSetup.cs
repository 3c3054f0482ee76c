using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Security;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Hangfire for the coverage runs: PostgreSQL storage in the application's database, schema
/// <c>hangfire</c>; a Hangfire server (worker threads) in every process unless <c>Coverage:Server</c>
/// is false; the recurring job <c>nightly-coverage</c>; the first run at start-up; the dashboard.
/// </summary>
internal static class CoverageSetup
{
    public const string HangfireSchema = "hangfire";

    private static readonly Lazy<ILoggerFactory> ProcessLoggers = new(() =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)));

    /// <summary>Services of the coverage feature, for the web server and for the worker-only host.</summary>
    /// <remarks>
    /// Configuration is read when the services are first resolved, not here: the test host's settings
    /// (connection string, options) arrive after the feature's services are added.
    /// <c>Coverage:Server</c> alone is read at registration (false: this process only enqueues).
    /// </remarks>
    public static void AddCoverage(this IServiceCollection services, IConfiguration config, bool worker = false)
    {
        services.AddOptions<CoverageOptions>().Bind(config.GetSection("Coverage"))
            .Validate(o => { o.Validate(); return true; });
        services.AddWalkNetwork();
        services.AddSingleton<CoverageInputCache>();
        services.AddTransient<CoverageJobs>();
        // Background imports run on the same Hangfire servers (queue "import"), the worker-only host too.
        services.AddTransient<Import.ImportJobRunner>();
        // The storage is this host's own singleton, not Hangfire's process-wide JobStorage.Current: two hosts
        // in one process (the integration tests) must not swap databases. Registered before AddHangfire,
        // whose TryAdd then keeps it.
        services.AddSingleton<JobStorage>(sp =>
        {
            var storageOptions = StorageOptions(sp.GetRequiredService<IOptions<CoverageOptions>>().Value);
            var cs = Database.ConnectionString(sp.GetRequiredService<IConfiguration>());
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions);
        });
        services.AddHangfire(cfg => cfg
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            // Hangfire's log provider is process-wide: one that outlives any host, so that a host shutting
            // down (in tests, several hosts share a process) does not leave the others logging to a disposed factory.
            .UseLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(ProcessLoggers.Value)));
        if (worker || config.GetValue("Coverage:Server", true))
            services.AddHangfireServer((sp, o) =>
            {
                var options = sp.GetRequiredService<IOptions<CoverageOptions>>().Value;
                // This host's services, not Hangfire's process-wide JobActivator.Current (see JobStorage above).
                o.Activator = new HostJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
                o.WorkerCount = options.Workers;
                o.Queues = [CoverageOptions.Queue, Import.ImportJobs.Queue, "default"];
                o.ServerName = CoverageJobs.WorkerName;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Min(15, options.QueuePollSeconds));
                o.ServerCheckInterval = TimeSpan.FromSeconds(Math.Min(60, options.InvisibilitySeconds));
                o.ServerTimeout = TimeSpan.FromSeconds(Math.Max(30, options.InvisibilitySeconds * 2));
                // On SIGTERM the running parts get their cancellation at once; a part still computing after this
                // is left to the invisibility timeout (another process, or this one restarted, runs it again).
                o.ShutdownTimeout = TimeSpan.FromSeconds(4);
            });
        services.AddHostedService<CoverageStartup>();
    }

    public static PostgreSqlStorageOptions StorageOptions(CoverageOptions o) => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(o.QueuePollSeconds),
        EnableLongPolling = true,                      // LISTEN/NOTIFY: a new job is picked up at once
        InvisibilityTimeout = TimeSpan.FromSeconds(o.InvisibilitySeconds),
        UseSlidingInvisibilityTimeout = true,          // live workers keep their long parts
        DistributedLockTimeout = TimeSpan.FromSeconds(o.LockSeconds),
    };

    /// <summary>
    /// The Hangfire dashboard at /hangfire, for administrators only: a bearer token, or from a browser the
    /// short-lived cookie of <see cref="Security.DashboardSession"/> (role and revocation rechecked on every request).
    /// </summary>
    public static void MapCoverageDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            DashboardTitle = "GridGIS jobs",
            AppPath = "/",
        }).RequireAuthorization(Policies.Admin);

    /// <summary>
    /// The dashboard's own check (on top of the endpoint's Admin policy): the request's principal,
    /// authenticated from its bearer token or dashboard cookie, must be an administrator.
    /// </summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.IsInRole(Roles.Administrator);
    }
}

/// <summary>Creates each job's class in a DI scope of this host.</summary>
internal sealed class HostJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override object ActivateJob(Type jobType) =>
        throw new InvalidOperationException("jobs are activated in a scope (BeginScope)");

    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);
        public override void DisposeScope() => scope.Dispose();
    }
}

/// <summary>At start-up: registers the recurring job and starts the first run when the database has no complete run.</summary>
internal sealed class CoverageStartup(NpgsqlDataSource db, IRecurringJobManager recurring, IBackgroundJobClient jobs,
    TimeProvider clock, IOptions<CoverageOptions> options, GridGIS.Core.Geo.CityProfile city, ILogger<CoverageStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        var zone = o.ScheduleTimeZone(city);
        recurring.AddOrUpdate<CoverageJobs>(CoverageOptions.RecurringJobId, j => j.NightlyAsync(CancellationToken.None), o.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) });
        log.LogInformation("recurring job {Id}: '{Cron}' {TimeZone}", CoverageOptions.RecurringJobId, o.Cron, zone);
        if (!o.RunAtStartup) return;
        try
        {
            var id = await CoverageRuns.EnsureFirstRunAsync(db, jobs, clock, o, ct);
            if (id is not null) log.LogInformation("no complete coverage run yet: started run {RunId} ({Mode})", id, o.Mode);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            log.LogWarning("coverage tables missing (database not migrated?): no first run started");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
