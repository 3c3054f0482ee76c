namespace GridGIS.Core.Network;

/// <summary>
/// Walking speed. Default 4.0 km/h: 15 minutes is 1,000 m, the upper bound of the 15-minute life
/// circle (15分钟生活圈) in GB 50180-2018 (10 minutes ~ 667 m, 5 minutes ~ 333 m). Engines that default
/// to 5 km/h (1,250 m) overstate coverage against the standard.
/// </summary>
public readonly record struct WalkSpeed
{
    public static WalkSpeed Default { get; } = new(4.0);

    /// <param name="kilometresPerHour">0 &lt; speed &lt;= 20 km/h</param>
    public WalkSpeed(double kilometresPerHour)
    {
        if (!(kilometresPerHour > 0 && kilometresPerHour <= 20))
            throw new ArgumentOutOfRangeException(nameof(kilometresPerHour), kilometresPerHour, "walking speed must be in (0, 20] km/h");
        KilometresPerHour = kilometresPerHour;
    }

    public double KilometresPerHour { get; }
    public double MetresPerSecond => KilometresPerHour / 3.6;

    /// <summary>Seconds to walk <paramref name="metres"/>.</summary>
    public double Seconds(double metres) => metres * 3.6 / KilometresPerHour;

    /// <summary>Metres walked in <paramref name="seconds"/>.</summary>
    public double Metres(double seconds) => seconds * KilometresPerHour / 3.6;
}

/// <summary>
/// A walk threshold of a facility category (设施类别): minutes at a speed (default 15 min at 4 km/h),
/// or a distance in metres for categories measured that way (primary school 500 m, kindergarten 300 m).
/// Searches use <see cref="Metres"/>; both forms give the same search at the category's speed.
/// </summary>
public readonly record struct WalkThreshold
{
    private WalkThreshold(double metres, WalkSpeed speed) { Metres = metres; Speed = speed; }

    /// <summary>Network distance limit in metres, &gt; 0.</summary>
    public double Metres { get; }
    public WalkSpeed Speed { get; }
    public double Seconds => Speed.Seconds(Metres);
    public double Minutes => Seconds / 60;

    /// <param name="minutes">0 &lt; minutes &lt;= 120</param>
    public static WalkThreshold FromMinutes(double minutes, WalkSpeed? speed = null)
    {
        if (!(minutes > 0 && minutes <= 120)) throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "minutes must be in (0, 120]");
        var s = speed ?? WalkSpeed.Default;
        return new WalkThreshold(s.Metres(minutes * 60), s);
    }

    /// <param name="metres">0 &lt; metres &lt;= 10,000</param>
    public static WalkThreshold FromMetres(double metres, WalkSpeed? speed = null)
    {
        if (!(metres > 0 && metres <= 10_000)) throw new ArgumentOutOfRangeException(nameof(metres), metres, "metres must be in (0, 10000]");
        return new WalkThreshold(metres, speed ?? WalkSpeed.Default);
    }

    /// <summary>The category's threshold: metres when given, else minutes.</summary>
    public static WalkThreshold ForCategory(double walkMinutes, double? walkMetres, double walkSpeedKmh) =>
        walkMetres is { } m ? FromMetres(m, new WalkSpeed(walkSpeedKmh)) : FromMinutes(walkMinutes, new WalkSpeed(walkSpeedKmh));
}
