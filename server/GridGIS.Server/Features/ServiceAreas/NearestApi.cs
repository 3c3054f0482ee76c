using System.Globalization;
using GridGIS.Core.Network;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using GridGIS.Server.Features.Network;
using Npgsql;
using static GridGIS.Server.Features.ServiceAreas.ReachQueries;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>
/// What a resident asks: how far is my nearest clinic? From a WGS84 point, one search along the network
/// (from the point to the facilities, so one-way edges count in the walking direction), then per
/// category the nearest facility, its route length in metres (access legs at both ends included) and the
/// time at the category's speed. A point farther than the snap limit from every walkway is flagged
/// off network and gets no times.
/// </summary>
internal static class NearestApi
{
    /// <summary>Search cap: 40 km, more than any category allows (120 min at 20 km/h).</summary>
    private const double SearchCapMetres = 40_000;

    public sealed record CategoryNearest(string Category, string NameZh, string NameEn, int? FacilityId, string? FacilityName,
        double? Metres, double? Seconds, double? Minutes, double ThresholdMetres, bool? WithinThreshold);

    public sealed record NearestResult(double Lon, double Lat, string Mode, bool OffNetwork, double? AccessMetres, IReadOnlyList<CategoryNearest> Categories);

    public static async Task<Results<Ok<NearestResult>, BadRequestProblem, ConflictProblem>> NearestAsync(string? lon, string? lat, NpgsqlDataSource db, WalkNetworkStore cache, CancellationToken ct)
    {
        if (!TryCoordinate(lon, -180, 180, out var x)) return Problems.Parameter("lon", $"lon must be a WGS84 longitude from -180 to 180, not '{lon}'");
        if (!TryCoordinate(lat, -90, 90, out var y)) return Problems.Parameter("lat", $"lat must be a WGS84 latitude from -90 to 90, not '{lat}'");
        var net = await cache.GetAsync(ct);
        if (net.IsEmpty) return ServiceAreaApi.NoNetwork();
        var categories = await CategoriesAsync(db, null, ct);
        var point = net.Snap(x, y);
        if (point.IsOffNetwork)
            return TypedResults.Ok(new NearestResult(x, y, "network", true, Finite(point.AccessMetres),
                categories.Select(c => new CategoryNearest(c.Code, c.NameZh, c.NameEn, null, null, null, null, null, c.Threshold.Metres, null)).ToArray()));

        var facilities = await FacilitiesAsync(db, null, null, ct);
        var snapped = facilities.Select(f => net.Snap(f.Lon, f.Lat)).ToArray();
        ct.ThrowIfCancellationRequested();
        var search = new BoundedSearch(net.Network);
        search.Run(point, SearchCapMetres);
        ct.ThrowIfCancellationRequested();
        var reached = new List<PointReach>();
        search.CollectPoints(new EdgePointIndex(net.Network, snapped), reached);
        var best = new Dictionary<string, PointReach>();
        foreach (var r in reached)
        {
            var code = facilities[r.Point].Category;
            if (!best.TryGetValue(code, out var b) || r.Metres < b.Metres || (r.Metres == b.Metres && facilities[r.Point].Id < facilities[b.Point].Id))
                best[code] = r;
        }
        var rows = categories.Select(c =>
        {
            if (!best.TryGetValue(c.Code, out var r))
                return new CategoryNearest(c.Code, c.NameZh, c.NameEn, null, null, null, null, null, c.Threshold.Metres, false);
            var f = facilities[r.Point];
            var seconds = c.Speed.Seconds(r.Metres);
            return new CategoryNearest(c.Code, c.NameZh, c.NameEn, f.Id, f.Name, Math.Round(r.Metres, 3), Math.Round(seconds, 3),
                Math.Round(seconds / 60, 3), c.Threshold.Metres, r.Metres <= c.Threshold.Metres);
        }).ToArray();
        return TypedResults.Ok(new NearestResult(x, y, "network", false, point.AccessMetres, rows));
    }

    private static bool TryCoordinate(string? s, double min, double max, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && v >= min && v <= max;

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
