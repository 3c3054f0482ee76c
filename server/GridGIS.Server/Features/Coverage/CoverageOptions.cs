namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Configuration section <c>Coverage</c> (appsettings, or environment variables <c>Coverage__Cron</c>, ...).
/// </summary>
internal sealed class CoverageOptions
{
    /// <summary>Cron of the recurring job <c>nightly-coverage</c> (five fields), in the city's time zone (<c>City:TimeZone</c>). Default 02:00.</summary>
    public string Cron { get; set; } = "0 2 * * *";

    /// <summary>
    /// Unset: <see cref="Cron"/> runs in the city profile's time zone (<c>City:TimeZone</c>, default Asia/Shanghai). Kept for
    /// older configurations: when set, it must name the city's time zone (start-up fails otherwise).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Hangfire worker threads of this process (1..64). Default 2: the machine has two cores.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Run a Hangfire server in this process (<c>serve</c>); false: enqueue only, other processes work.</summary>
    public bool Server { get; set; } = true;

    /// <summary>Enqueue one run at start-up when the database has no complete run (and none in progress).</summary>
    public bool RunAtStartup { get; set; } = true;

    /// <summary>network | euclidean: how walking times are computed by runs started here.</summary>
    public string Mode { get; set; } = "network";

    /// <summary><see cref="Mode"/> parsed (by the one enum parser: a number is not a mode).</summary>
    public GridGIS.Core.Network.ReachMode ReachMode => Http.EnumText.Parse<GridGIS.Core.Network.ReachMode>(Mode);

    /// <summary>Detour factor of the Euclidean mode (straight line to route), &gt;= 1.</summary>
    public double DetourFactor { get; set; } = 1.3;

    /// <summary>Seconds between queue polls (Hangfire.PostgreSql also listens for notifications). Default 5.</summary>
    public double QueuePollSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds after which a job fetched by a process that died (SIGKILL, power cut) is handed to another
    /// process. Sliding: a live process keeps extending it, so long parts are safe. Default 120.
    /// </summary>
    public double InvisibilitySeconds { get; set; } = 120;

    /// <summary>Seconds a distributed lock of a dead process is held before it expires. Default 120.</summary>
    public double LockSeconds { get; set; } = 120;

    /// <summary>Stale runs: a queued or running run older than this (minutes) counts as interrupted at start-up. Default 60.</summary>
    public double StaleMinutes { get; set; } = 60;

    public const string Queue = "coverage";
    public const string RecurringJobId = "nightly-coverage";

    public void Validate()
    {
        if (Workers is < 1 or > 64) throw new InvalidOperationException($"Coverage:Workers must be 1..64, not {Workers}");
        if (!Http.EnumText.TryParse(Mode, default(GridGIS.Core.Network.ReachMode), out _) || Mode is null)
            throw new InvalidOperationException($"Coverage:Mode must be {Http.EnumText.Allowed<GridGIS.Core.Network.ReachMode>()}, not '{Mode}'");
        if (!(DetourFactor >= 1)) throw new InvalidOperationException($"Coverage:DetourFactor must be >= 1, not {DetourFactor}");
        if (!(QueuePollSeconds > 0) || !(InvisibilitySeconds > 0) || !(LockSeconds > 0))
            throw new InvalidOperationException("Coverage:QueuePollSeconds, InvisibilitySeconds and LockSeconds must be > 0");
    }

    /// <summary>The time zone of <see cref="Cron"/>: the city's; a <see cref="TimeZone"/> that names another one is a configuration error.</summary>
    public string ScheduleTimeZone(GridGIS.Core.Geo.CityProfile city) =>
        string.IsNullOrWhiteSpace(TimeZone) || string.Equals(TimeZone.Trim(), city.TimeZone, StringComparison.OrdinalIgnoreCase)
            ? city.TimeZone
            : throw new InvalidOperationException(
                $"configuration Coverage:TimeZone = '{TimeZone}' differs from the city's time zone City:TimeZone = '{city.TimeZone}': the nightly run follows the city; set City:TimeZone and drop Coverage:TimeZone");
}
