using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace GridGIS.Server.Features.City;

/// <summary>
/// The deployment's <see cref="CityProfile"/>: configuration section <c>City</c> (<see cref="CityOptions"/>), completed
/// once at start-up and then injected as a singleton into whatever projects, measures or schedules.
/// </summary>
internal static class CityProfiles
{
    /// <summary>The profile as a singleton of this host, resolved (reading the database at most once) and logged when the host starts.</summary>
    /// <remarks>Configuration is read at resolution, not here: the test host's settings arrive after the services are added.</remarks>
    public static IServiceCollection AddCityProfile(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GridGIS.City");
            var (profile, how) = Resolve(Bind(sp.GetRequiredService<IConfiguration>()), () => ReadDataCentre(sp.GetRequiredService<NpgsqlDataSource>(), log));
            log.LogInformation("city profile: {Profile}", Describe(profile, how));
            return profile;
        });
        services.AddHostedService<CityProfileStartup>();
        return services;
    }

    /// <summary>The profile for a command-line verb: section <c>City</c> from the environment (<c>City__MetricEpsg</c>, ...).</summary>
    public static CityProfile FromEnvironment(NpgsqlDataSource db)
    {
        var (profile, how) = Resolve(Bind(new ConfigurationBuilder().AddEnvironmentVariables().Build()), () => ReadDataCentre(db, null));
        Cli.Log($"city profile: {Describe(profile, how)}");
        return profile;
    }

    public static CityOptions Bind(IConfiguration config) => config.GetSection(CityOptions.Section).Get<CityOptions>() ?? new CityOptions();

    /// <summary>
    /// The profile from <paramref name="o"/>, unset parts completed. Metric CRS: <c>City:MetricEpsg</c>, else
    /// <c>City:CentralMeridian</c>, else the 3-degree zone of the data's centre (<paramref name="dataCentre"/>, asked only
    /// then), else, with an empty database, the default profile's (the Chaoyang demo, EPSG:4548). Name and code prefix:
    /// configured, else the demo's when the zone is the demo's, else "unnamed city" and none. Time zone: configured,
    /// else Asia/Shanghai (China's one civil time). Returns how the CRS was chosen, for the log.
    /// </summary>
    /// <exception cref="InvalidOperationException">a configured value that is not valid, naming the setting</exception>
    public static (CityProfile Profile, string How) Resolve(CityOptions o, Func<(string Source, double Lon, double Lat)?> dataCentre)
    {
        var d = CityProfile.Default;
        int epsg;
        string how;
        if (o.CentralMeridian is { } cm)
        {
            int fromMeridian;
            try { fromMeridian = CityProfile.EpsgOfCentralMeridian(cm); }
            catch (ArgumentOutOfRangeException) { throw Invalid("CentralMeridian", cm, "must be a multiple of 3 from 75 to 135 (degrees east): a CGCS2000 3-degree Gauss-Kruger zone"); }
            if (o.MetricEpsg is { } both && both != fromMeridian)
                throw Invalid("MetricEpsg", both, $"disagrees with City:CentralMeridian {cm} (EPSG:{fromMeridian}): set one of them");
            (epsg, how) = (fromMeridian, "configured: City:CentralMeridian");
        }
        else if (o.MetricEpsg is { } configured) (epsg, how) = (configured, "configured: City:MetricEpsg");
        else if (dataCentre() is { } c)
            (epsg, how) = (CityProfile.ZoneEpsg(c.Lon), FormattableString.Invariant($"the zone of the centre of the {c.Source}, {c.Lon:0.###}E {c.Lat:0.###}N"));
        else (epsg, how) = (d.MetricEpsg, "the default: the database holds no streets and no walking network yet");

        var demoZone = epsg == d.MetricEpsg;
        var timeZone = string.IsNullOrWhiteSpace(o.TimeZone) ? d.TimeZone : o.TimeZone.Trim();
        try { _ = TimeZoneInfo.FindSystemTimeZoneById(timeZone); }
        catch (TimeZoneNotFoundException) { throw Invalid("TimeZone", timeZone, "is not a time zone this system knows: give an IANA id such as Asia/Shanghai"); }
        var name = string.IsNullOrWhiteSpace(o.Name) ? (demoZone ? d.Name : "unnamed city") : o.Name;
        var prefix = o.CodePrefix?.Trim() ?? (demoZone ? d.CodePrefix : "");
        try { return (new CityProfile(name, epsg, timeZone, prefix), how); }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "metricEpsg")
        {
            throw Invalid("MetricEpsg", epsg, $"must be a CGCS2000 3-degree Gauss-Kruger zone without zone prefix, {CityProfile.FirstZoneEpsg} (CM 75E) .. {CityProfile.LastZoneEpsg} (CM 135E)");
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "codePrefix") { throw Invalid("CodePrefix", prefix, "must be 0 to 12 digits (行政区划代码)"); }
    }

    /// <summary>The centre of the streets' extent, else of the walking network's; null when both are empty or the database is not migrated yet.</summary>
    public static (string Source, double Lon, double Lat)? ReadDataCentre(NpgsqlDataSource db, ILogger? log)
    {
        try
        {
            using var cmd = db.CreateCommand(Sql.Get("Features/City/GetDataCentre.sql"));
            using var r = cmd.ExecuteReader();
            return r.Read() ? (r.GetString(0), r.GetDouble(1), r.GetDouble(2)) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            log?.LogWarning("city profile: the database is not migrated (no street table): the default profile's metric CRS is used");
            return null;
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"city profile: reading the data's centre (streets, walk_node) to choose the metric CRS, as City:MetricEpsg is not set: {e.Message}", e);
        }
    }

    public static string Describe(CityProfile p, string how) => FormattableString.Invariant(
        $"{p.Name}: metric CRS EPSG:{p.MetricEpsg} (CGCS2000 3-degree Gauss-Kruger CM {p.CentralMeridian}E; {how}), time zone {p.TimeZone}, code prefix '{p.CodePrefix}'");

    private static InvalidOperationException Invalid(string setting, object value, string why) =>
        new(FormattableString.Invariant($"configuration City:{setting} = '{value}' {why}"));
}

/// <summary>Resolves the city profile when the host starts (so that a bad setting stops it there, and the log says which CRS is in use).</summary>
internal sealed class CityProfileStartup(CityProfile city) : IHostedService
{
    public CityProfile City { get; } = city;

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
