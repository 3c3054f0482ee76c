using System.Globalization;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Http;
using GridGIS.Server.Features.Network;
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
    /// <summary>Minutes a request may ask (?minutes= or each of ?bands=): the viewer's choices, a small set so
    /// that the area cache holds what users ask and no request asks an hour's walk.</summary>
    public static readonly int[] AllowedMinutes = [5, 10, 15, 20, 30];
    /// <summary>Most bands one request may ask: the viewer's 5,10,15 and one more.</summary>
    public const int MaxBands = 4;
    /// <summary>Buffer widths a request may ask, metres (default <see cref="ServiceArea.DefaultBufferMetres"/>).</summary>
    public static readonly int[] AllowedBufferMetres = [25, 50, 100];

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
        api.MapGet("/facilities/{id:int}/service-area", FacilityAsync).LimitAsExpensive()
           .WithSummary("A facility's walking service area: ?minutes=5|10|15|20|30 or ?bands=5,10,15 (at most 4; default: its category's threshold); &mode=network|euclidean; &buffer=25|50|100 metres");
        api.MapGet("/service-areas", CategoryAsync).LimitAsExpensive()
           .WithSummary("All facilities of ?category=CODE dissolved into one service area: &minutes=5|10|15|20|30 or &bands=... (at most 4); &mode; &buffer=25|50|100");
        api.MapGet("/nearest", NearestApi.NearestAsync).LimitAsExpensive()
           .WithSummary("Walking time (s, min) and route length (m) from ?lon=&lat= (WGS84) to the nearest facility of each category");
        return app;
    }

    /// <summary>Options common to both endpoints, parsed from text so that a bad value gets a clear 400.</summary>
    internal sealed record AreaOptions(double[]? Minutes, ReachMode Mode, double BufferMetres);

    internal static BadRequestProblem? TryParse(string? minutes, string? bands, string? mode, string? buffer, out AreaOptions options)
    {
        options = new AreaOptions(null, ReachMode.Network, ServiceArea.DefaultBufferMetres);
        var allowedMinutes = string.Join(", ", AllowedMinutes);
        if (minutes is not null && bands is not null) return Refuse("bands", "give either minutes or bands, not both", AllowedMinutes);
        double[]? list = null;
        if (minutes is not null)
        {
            if (!TryMinutes(minutes, out var m)) return Refuse("minutes", $"minutes must be one of {allowedMinutes}, not '{Clip(minutes)}'", AllowedMinutes);
            list = [m];
        }
        if (bands is not null)
        {
            var parts = bands.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > MaxBands)
                return Refuse("bands", $"bands takes 1 to {MaxBands} comma-separated minutes, each one of {allowedMinutes}, e.g. 5,10,15", AllowedMinutes);
            list = new double[parts.Length];
            for (var i = 0; i < parts.Length; i++)
                if (!TryMinutes(parts[i], out list[i])) return Refuse("bands", $"band '{Clip(parts[i])}' must be one of {allowedMinutes} minutes", AllowedMinutes);
            if (list.Distinct().Count() != list.Length) return Refuse("bands", "bands must differ from one another", AllowedMinutes);
            Array.Sort(list);
        }
        if (!EnumText.TryParse(mode, ReachMode.Network, out var reachMode))
            return Refuse("mode", $"mode must be 'network' or 'euclidean', not '{Clip(mode!)}'", ["network", "euclidean"]);
        var width = ServiceArea.DefaultBufferMetres;
        if (buffer is not null)
        {
            if (!(int.TryParse(buffer, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && AllowedBufferMetres.Contains(w)))
                return Refuse("buffer", $"buffer must be one of {string.Join(", ", AllowedBufferMetres)} metres, not '{Clip(buffer)}'", AllowedBufferMetres);
            width = w;
        }
        options = new AreaOptions(list, reachMode, width);
        return null;
    }

    private static bool TryMinutes(string s, out double m)
    {
        m = 0;
        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) || !AllowedMinutes.Contains(whole)) return false;
        m = whole;
        return true;
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "..." : s;

    /// <summary>A 400 naming <paramref name="parameter"/> and the values it may take (extension <c>allowed</c>).</summary>
    private static BadRequestProblem Refuse<T>(string parameter, string detail, T[] allowed)
    {
        var problem = Problems.Parameter(parameter, detail);
        problem.Value.Extensions["allowed"] = allowed;
        return problem;
    }

    private static async Task<Results<GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>, BadRequestProblem, NotFoundProblem, ConflictProblem, ProblemHttpResult>> FacilityAsync(int id, string? minutes, string? bands, string? mode, string? buffer,
        NpgsqlDataSource db, WalkNetworkStore cache, CancellationToken ct)
    {
        if (TryParse(minutes, bands, mode, buffer, out var options) is { } problem) return problem;
        var facility = (await FacilitiesAsync(db, id, null, ct)).SingleOrDefault();
        if (facility is null) return Problems.NotFound($"no facility with id {id}", "id");
        var limits = Limits(options, facility.Threshold, facility.Speed);
        var (x, y) = cache.Projection.Forward(facility.Lon, facility.Lat);
        Geometry[] polygons;
        if (options.Mode == ReachMode.Euclidean) polygons = Circles([(x, y)], limits, cache.Projection, ct);
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
            polygons = new ServiceArea(net.Network, options.BufferMetres, net.Projection).Bands(search, limits.Select(l => l.Metres).ToArray(), ct);
        }
        return Collection(polygons, limits, options, new() { ["facilityId"] = id, ["facilityName"] = facility.Name, ["category"] = facility.Category });
    }

    private static async Task<Results<GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>, BadRequestProblem, NotFoundProblem, ConflictProblem>> CategoryAsync(string? category, string? minutes, string? bands, string? mode, string? buffer,
        NpgsqlDataSource db, WalkNetworkStore cache, CategoryAreaCache areas, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=clinic (see /api/categories)");
        if (TryParse(minutes, bands, mode, buffer, out var options) is { } problem) return problem;
        var cat = (await CategoriesAsync(db, category.Trim(), ct)).SingleOrDefault();
        if (cat is null) return Problems.NotFound($"no facility category '{category.Trim()}' (see /api/categories)");
        var facilities = await FacilitiesAsync(db, null, cat.Code, ct);
        var limits = Limits(options, cat.Threshold, cat.Speed);
        var offNetwork = new List<int>();
        Geometry[] polygons;
        if (options.Mode == ReachMode.Euclidean || facilities.Count == 0)
            polygons = Circles(facilities.Select(f => cache.Projection.Forward(f.Lon, f.Lat)).ToArray(), limits, cache.Projection, ct);
        else if (await CategoryAreas.NetworkBandsAsync(cache, areas, cat.Code, facilities, limits, options.BufferMetres, ct) is { } traced)
        {
            polygons = traced.Bands;
            offNetwork.AddRange(traced.OffNetwork);
        }
        else return NoNetwork();
        return Collection(polygons, limits, options, new()
        {
            ["category"] = cat.Code, ["categoryZh"] = cat.NameZh, ["categoryEn"] = cat.NameEn,
            ["facilities"] = facilities.Count, ["offNetworkFacilityIds"] = offNetwork.ToArray(),
        });
    }

    private static WalkThreshold[] Limits(AreaOptions options, WalkThreshold categoryDefault, WalkSpeed speed) =>
        options.Minutes is { } list ? list.Select(m => WalkThreshold.FromMinutes(m, speed)).ToArray() : [categoryDefault];

    /// <summary>Straight-line reach (<see cref="StraightLineReach.ServiceArea"/>): circles of radius limit / detour factor, dissolved, per band.</summary>
    internal static Geometry[] Circles(IReadOnlyList<(double X, double Y)> points, WalkThreshold[] limits, LocalProjection projection, CancellationToken ct)
    {
        var reach = new StraightLineReach();
        var factory = new GeometryFactory();
        return limits.Select(l =>
        {
            ct.ThrowIfCancellationRequested();
            return projection.Inverse(reach.ServiceArea(points, l.Metres, factory));
        }).ToArray();
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
                { "detourFactor", options.Mode == ReachMode.Euclidean ? StraightLineReach.DefaultDetourFactor : null },
            };
            fc.Add(new Feature(polygons[i], props));
        }
        return new GeoJsonResult<GeoJsonCollection<ServiceAreaProperties>>(fc);
    }

    internal static ConflictProblem NoNetwork() => Problems.Conflict("No walking network",
        "no walking network is loaded: import one (gridgis import-osm FILE, or POST /api/network/import/osm) or ask mode=euclidean");

    private static string Metres(double m) => double.IsFinite(m) ? $"{m:F0} m" : "more than the snap limit";
}
