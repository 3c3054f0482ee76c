using GridGIS.Core.Geo;
using GridGIS.Server.Features.City;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GridGIS.Server.Tests.Features.City;

/// <summary>How configuration section <c>City</c> and the data's centre make the city profile.</summary>
public sealed class CityProfilesTests
{
    private static (CityProfile Profile, string How) Resolve(CityOptions o, (string, double, double)? centre = null) =>
        CityProfiles.Resolve(o, () => centre);

    [Fact]
    public void Resolve_IsTheDefault_WhenNothingIsConfiguredAndTheDatabaseIsEmpty()
    {
        var (p, how) = Resolve(new CityOptions());
        Assert.Equal(CityProfile.Default, p);
        Assert.Contains("default", how);
    }

    [Theory]
    [InlineData(120.16, 30.27, 4549)]       // Hangzhou
    [InlineData(118.78, 32.06, 4549)]       // Nanjing
    [InlineData(113.06, 23.68, 4547)]       // Qingyuan
    [InlineData(116.45, 39.92, 4548)]       // Chaoyang
    public void Resolve_TakesTheZoneOfTheDataCentre_WhenNoCrsIsConfigured(double lon, double lat, int epsg)
    {
        var (p, how) = Resolve(new CityOptions { Name = "X" }, ("streets", lon, lat));
        Assert.Equal(epsg, p.MetricEpsg);
        Assert.Contains("streets", how);
    }

    [Fact]
    public void Resolve_DoesNotCallItChaoyang_WhenTheDataIsInAnotherZone()
    {
        var (p, _) = Resolve(new CityOptions(), ("walking network", 120.16, 30.27));
        Assert.Equal(("unnamed city", "", "Asia/Shanghai"), (p.Name, p.CodePrefix, p.TimeZone));
    }

    [Fact]
    public void Resolve_NeverReadsTheDatabase_WhenTheCrsIsConfigured()
    {
        var (p, _) = CityProfiles.Resolve(new CityOptions { MetricEpsg = 4549, Name = "Hangzhou", CodePrefix = "3301", TimeZone = "Asia/Shanghai" },
            () => throw new InvalidOperationException("must not be asked"));
        Assert.Equal(new CityProfile("Hangzhou", 4549, "Asia/Shanghai", "3301"), p);
        Assert.Equal(4547, CityProfiles.Resolve(new CityOptions { CentralMeridian = 114 }, () => throw new InvalidOperationException()).Profile.MetricEpsg);
    }

    [Theory]
    [InlineData(4548, 120.0, "MetricEpsg")]          // disagree
    [InlineData(null, 118.5, "CentralMeridian")]     // not a zone's meridian
    [InlineData(2385, null, "MetricEpsg")]           // Beijing 1954 GK, not CGCS2000 3-degree
    public void Resolve_NamesTheSetting_WhenTheCrsIsNotValid(int? epsg, double? meridian, string setting)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Resolve(new CityOptions { MetricEpsg = epsg, CentralMeridian = meridian }));
        Assert.Contains($"City:{setting}", e.Message);
    }

    [Fact]
    public void Resolve_NamesTheSetting_WhenTheTimeZoneOrCodePrefixIsNotValid()
    {
        Assert.Contains("City:TimeZone", Assert.Throws<InvalidOperationException>(() => Resolve(new CityOptions { TimeZone = "Asia/Atlantis" })).Message);
        Assert.Contains("City:CodePrefix", Assert.Throws<InvalidOperationException>(() => Resolve(new CityOptions { CodePrefix = "11-01" })).Message);
    }

    [Fact]
    public void ScheduleTimeZone_IsTheCitys_AndRefusesAnother()
    {
        var city = new CityProfile("Urumqi", 4541, "Asia/Urumqi", "6501");
        Assert.Equal("Asia/Urumqi", new CoverageOptions().ScheduleTimeZone(city));
        Assert.Equal("Asia/Urumqi", new CoverageOptions { TimeZone = "Asia/Urumqi" }.ScheduleTimeZone(city));
        var e = Assert.Throws<InvalidOperationException>(() => new CoverageOptions { TimeZone = "Asia/Shanghai" }.ScheduleTimeZone(city));
        Assert.Contains("City:TimeZone", e.Message);
    }

    /// <summary>The data's centre on real PostGIS: none in an empty database, the streets' extent first, the walking network's without streets.</summary>
    [Fact]
    public async Task ReadDataCentre_IsTheStreetsExtentThenTheNetworks_AndNothingWhenEmpty()
    {
        await using var db = new PostgisFixture();
        await db.InitializeAsync();
        Assert.Null(CityProfiles.ReadDataCentre(db.Db, null));

        await Exec(db, "insert into walk_node (id, geom) values (1, st_setsrid(st_makepoint(112.9, 23.6), 4326)), (2, st_setsrid(st_makepoint(113.3, 23.8), 4326))");
        Assert.Equal(("walking network", 113.1, 23.7), Rounded(CityProfiles.ReadDataCentre(db.Db, null)));

        await Exec(db, """
            insert into street (code, name_zh, name_en, geom, geometry_note) values
              ('990000001', '甲', 'A', st_multi(st_makeenvelope(120.0, 30.2, 120.1, 30.3, 4326)), 'test'),
              ('990000002', '乙', 'B', st_multi(st_makeenvelope(120.2, 30.3, 120.3, 30.4, 4326)), 'test')
            """);
        Assert.Equal(("streets", 120.15, 30.3), Rounded(CityProfiles.ReadDataCentre(db.Db, null)));

        // A host with nothing configured reads it once at start-up: Hangzhou's zone.
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:GridGIS", db.ConnectionString).UseSetting("Coverage:RunAtStartup", "false").UseSetting("Coverage:Server", "false"));
        _ = host.Server;
        Assert.Equal(4549, host.Services.GetRequiredService<CityProfile>().MetricEpsg);
    }

    private static (string, double, double)? Rounded((string Source, double Lon, double Lat)? c) =>
        c is { } v ? (v.Source, Math.Round(v.Lon, 9), Math.Round(v.Lat, 9)) : null;

    private static async Task Exec(PostgisFixture db, string sql)
    {
        await using var cmd = db.Db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
