using System.Globalization;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;
using static GridGIS.Server.Features.ServiceAreas.ReachQueries;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>
/// Service areas (服务范围) as GeoJSON in WGS84: one facility's (optionally as nested bands, e.g.
/// 5,10,15 minutes) and a whole category's, dissolved. Walking along the network by default
/// (mode=network); mode=euclidean draws straight-line circles of radius limit / 1.3 for places with no
/// network. Public facility data only, so any signed-in user may ask.
/// </summary>
internal static class ServiceAreaApi
{
    public const int MaxBands = 6;

    /// <summary>
    /// One band of a service area: a facility's (<paramref name="FacilityId"/>) or a category's dissolved
    /// (<paramref name="Facilities"/>, with those off the network listed). Minutes at <paramref name="SpeedKmh"/>,
    /// metres of walk; <paramref name="BufferMetres"/> for network areas, <paramref name="DetourFactor"/> for euclidean.
    /// </summary>
    internal sealed record ServiceAreaProperties(int? FacilityId, string? FacilityName, string Category, string? CategoryZh, string? CategoryEn,
        int? Facilities, int[]? OffNetworkFacilityIds, double Minutes, double Metres, double SpeedKmh, string Mode, double? BufferMetres, double? DetourFactor);

    public static IEndpointRouteBuilder MapServiceAreaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.AnyUser).WithTags("ServiceAreas");
        api.MapGet("/facilities/{id:int}/service-area", FacilityAsync)
           .WithSummary("A facility's walking service area: ?minutes=1..60 or ?bands=5,10,15 (default: its category's threshold); &mode=network|euclidean; &buffer=metres");
        api.MapGet("/service-areas", CategoryAsync)
           .WithSummary("All facilities of ?category=CODE dissolved into one service area: &minutes=1..60 or &bands=...; &mode; &buffer");
        api.MapGet("/nearest", NearestApi.NearestAsync)
           .WithSummary("Walking time (s, min) and route length (m) from ?lon=&lat= (WGS84) to the nearest facility of each category");
        return app;
    }

    /// <summary>Options common to both endpoints, parsed from text so that a bad value gets a clear 400.</summary>
    internal sealed record AreaOptions(double[]? Minutes, ReachMode Mode, double BufferMetres);

    internal static BadRequestProblem? TryParse(string? minutes, string? bands, string? mode, string? buffer, out AreaOptions options)
    {
        options = new AreaOptions(null, ReachMode.Network, ServiceArea.DefaultBufferMetres);
        if (minutes is not null && bands is not null) return Problems.Parameter("bands", "give either minutes or bands, not both");
        double[]? list = null;
        if (minutes is not null)
        {
            if (!TryMinutes(minutes, out var m)) return Problems.Parameter("minutes", $"minutes must be a number from 1 to 60, not '{minutes}'");
            list = [m];
        }
        if (bands is not null)
        {
            var parts = bands.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > MaxBands) return Problems.Parameter("bands", $"bands takes 1 to {MaxBands} comma-separated minutes, e.g. 5,10,15");
            list = new double[parts.Length];
            for (var i = 0; i < parts.Length; i++)
                if (!TryMinutes(parts[i], out list[i])) return Problems.Parameter("bands", $"band '{parts[i]}' must be a number of minutes from 1 to 60");
            if (list.Distinct().Count() != list.Length) return Problems.Parameter("bands", "bands must differ from one another");
            Array.Sort(list);
        }
        if (!EnumText.TryParse(mode, ReachMode.Network, out var reachMode)) return EnumText.BadParameter<ReachMode>("mode", mode);
        var width = ServiceArea.DefaultBufferMetres;
        if (buffer is not null && !(double.TryParse(buffer, NumberStyles.Float, CultureInfo.InvariantCulture, out width) && width is >= 1 and <= 500))
            return Problems.Parameter("buffer", $"buffer must be a number of metres from 1 to 500, not '{buffer}'");
        options = new AreaOptions(list, reachMode, width);
        return null;
    }

    private static bool TryMinutes(string s, out double m) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out m) && m is >= 1 and <= 60;

    private static async Task<Results<GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>, BadRequestProblem, NotFoundProblem, ConflictProblem, ProblemHttpResult>> FacilityAsync(int id, string? minutes, string? bands, string? mode, string? buffer,
        NpgsqlDataSource db, WalkNetworkCache cache, CancellationToken ct)
    {
        if (TryParse(minutes, bands, mode, buffer, out var options) is { } problem) return problem;
        var facility = (await FacilitiesAsync(db, id, null, ct)).SingleOrDefault();
        if (facility is null) return Problems.NotFound($"no facility with id {id}", "id");
        var limits = Limits(options, facility.Threshold, facility.Speed);
        var (x, y) = LocalProjection.Beijing.Forward(facility.Lon, facility.Lat);
        Geometry[] polygons;
        if (options.Mode == ReachMode.Euclidean) polygons = Circles([(x, y)], limits);
        else
        {
            var net = await cache.GetAsync(ct);
            if (net.IsEmpty) return NoNetwork();
            var p = net.Snapper.Snap(x, y);
            if (p.IsOffNetwork)
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Facility off network",
                    $"facility {id} is {Metres(p.AccessMetres)} from the nearest walkway, beyond the {net.Snapper.MaxSnapMetres} m snap limit: it is off network; ask mode=euclidean");
            var search = new BoundedSearch(net.Network);
            search.Run(p, limits.Max(l => l.Metres));
            polygons = new ServiceArea(net.Network, options.BufferMetres, LocalProjection.Beijing).Bands(search, limits.Select(l => l.Metres).ToArray());
        }
        return Collection(polygons, limits, options, new() { ["facilityId"] = id, ["facilityName"] = facility.Name, ["category"] = facility.Category });
    }

    private static async Task<Results<GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>, BadRequestProblem, NotFoundProblem, ConflictProblem>> CategoryAsync(string? category, string? minutes, string? bands, string? mode, string? buffer,
        NpgsqlDataSource db, WalkNetworkCache cache, CategoryAreaCache areas, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=clinic (see /api/categories)");
        if (TryParse(minutes, bands, mode, buffer, out var options) is { } problem) return problem;
        var cat = (await CategoriesAsync(db, category.Trim(), ct)).SingleOrDefault();
        if (cat is null) return Problems.NotFound($"no facility category '{category.Trim()}' (see /api/categories)");
        var facilities = await FacilitiesAsync(db, null, cat.Code, ct);
        var limits = Limits(options, cat.Threshold, cat.Speed);
        var xy = facilities.Select(f => LocalProjection.Beijing.Forward(f.Lon, f.Lat)).ToArray();
        var offNetwork = new List<int>();
        Geometry[] polygons;
        if (options.Mode == ReachMode.Euclidean || facilities.Count == 0) polygons = Circles(xy, limits);
        else
        {
            var net = await cache.GetAsync(ct);
            if (net.IsEmpty) return NoNetwork();
            var snapped = xy.Select(p => net.Snapper.Snap(p.X, p.Y)).ToArray();
            offNetwork.AddRange(facilities.Where((_, i) => snapped[i].IsOffNetwork).Select(f => f.Id));
            var key = CategoryAreaCache.Key(net.Version, cat.Code, facilities, limits.Select(l => l.Metres), options.BufferMetres, "network");
            if (!areas.TryGet(key, out polygons))
            {
                var search = new BoundedSearch(net.Network);
                search.Run(snapped, limits.Max(l => l.Metres));
                polygons = new ServiceArea(net.Network, options.BufferMetres, LocalProjection.Beijing).Bands(search, limits.Select(l => l.Metres).ToArray());
                areas.Put(key, polygons);
            }
        }
        return Collection(polygons, limits, options, new()
        {
            ["category"] = cat.Code, ["categoryZh"] = cat.NameZh, ["categoryEn"] = cat.NameEn,
            ["facilities"] = facilities.Count, ["offNetworkFacilityIds"] = offNetwork.ToArray(),
        });
    }

    private static WalkThreshold[] Limits(AreaOptions options, WalkThreshold categoryDefault, WalkSpeed speed) =>
        options.Minutes is { } list ? list.Select(m => WalkThreshold.FromMinutes(m, speed)).ToArray() : [categoryDefault];

    /// <summary>Straight-line reach: circles of radius limit / detour factor around each point, dissolved, nested.</summary>
    private static Geometry[] Circles(IReadOnlyList<(double X, double Y)> points, WalkThreshold[] limits)
    {
        var factory = new GeometryFactory();
        var result = new Geometry[limits.Length];
        for (var i = 0; i < limits.Length; i++)
        {
            var radius = limits[i].Metres / EuclideanReach.DefaultDetourFactor;
            var circles = points.Select(p => factory.CreatePoint(new Coordinate(p.X, p.Y)).Buffer(radius, 16)).ToList();
            var area = circles.Count == 0 ? factory.CreatePolygon() : NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Union(circles);
            result[i] = LocalProjection.Beijing.Inverse(area);
        }
        return result;
    }

    private static GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>> Collection(Geometry[] polygons, WalkThreshold[] limits, AreaOptions options, Dictionary<string, object?> common)
    {
        var fc = new FeatureCollection();
        for (var i = 0; i < polygons.Length; i++)
        {
            var props = new AttributesTable(new Dictionary<string, object?>(common))
            {
                { "minutes", Math.Round(limits[i].Minutes, 6) }, { "metres", Math.Round(limits[i].Metres, 3) },
                { "speedKmh", limits[i].Speed.KilometresPerHour }, { "mode", options.Mode.ToString().ToLowerInvariant() },
                { "bufferMetres", options.Mode == ReachMode.Network ? options.BufferMetres : null },
                { "detourFactor", options.Mode == ReachMode.Euclidean ? EuclideanReach.DefaultDetourFactor : null },
            };
            fc.Add(new Feature(polygons[i], props));
        }
        return new GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>(fc);
    }

    internal static ConflictProblem NoNetwork() => Problems.Conflict("No walking network",
        "no walking network is loaded: import one (gridgis import-osm FILE, or POST /api/network/import/osm) or ask mode=euclidean");

    private static string Metres(double m) => double.IsFinite(m) ? $"{m:F0} m" : "more than the snap limit";
}
