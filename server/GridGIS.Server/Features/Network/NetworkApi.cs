using System.Globalization;
using GridGIS.Core.Network;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGIS.Server.Features.Network;

/// <summary>One walk between two points: metres along the network, and the legs off it at both ends.</summary>
/// <param name="Reachable">false when either point is farther than the snap limit from every walkway, or no walk within the limit joins them</param>
/// <param name="Metres">walking metres, the access legs at both ends included; null when not reachable</param>
/// <param name="NetworkMetres">walking metres along the network only (from the snapped start to the snapped end)</param>
/// <param name="FromAccessMetres">straight leg from <c>from</c> to the nearest walkway, metres (null when off network)</param>
/// <param name="ToAccessMetres">straight leg from the nearest walkway to <c>to</c>, metres</param>
/// <param name="LimitMetres">the search's bound, metres</param>
internal sealed record NetworkDistance(double[] From, double[] To, bool Reachable, double? Metres, double? NetworkMetres,
    double? FromAccessMetres, double? ToAccessMetres, double LimitMetres);

/// <summary>
/// The walking network's own reads, open to every signed-in user like the service areas (no personal data):
/// <c>GET /api/network/report</c> (components, dead ends, the share of length outside the largest component) and
/// <c>GET /api/network/distance?from=lon,lat&amp;to=lon,lat</c> (one bounded search, the engine every analysis uses).
/// </summary>
internal static class NetworkApi
{
    /// <summary>The distance search's bound, metres: a walk across a district.</summary>
    public const double LimitMetres = 40_000;

    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/network").RequireAuthorization(Policies.AnyUser).WithTags("Network");
        api.MapGet("/report", ReportAsync).LimitAsExpensive()
           .WithSummary("How the walking network hangs together: connected components (largest first), dead ends, share of length outside the largest component.");
        api.MapGet("/distance", DistanceAsync).LimitAsExpensive()
           .WithSummary("Walking metres between two WGS84 points (from=lon,lat&to=lon,lat) along the network, access legs at both ends included; bounded at 40 km.");
        return app;
    }

    private static async Task<Results<Ok<NetworkReport>, ConflictProblem>> ReportAsync(WalkNetworkStore store, CancellationToken ct)
    {
        var net = await store.GetAsync(ct);
        if (net.IsEmpty) return ServiceAreas.ServiceAreaApi.NoNetwork();
        return TypedResults.Ok(NetworkReport.Of(net));
    }

    private static async Task<Results<Ok<NetworkDistance>, BadRequestProblem, ConflictProblem>> DistanceAsync(string? from, string? to,
        WalkNetworkStore store, CancellationToken ct)
    {
        if (!TryPoint(from, out var a)) return Problems.Parameter("from", $"from must be a WGS84 point 'lon,lat' (lon -180..180, lat -90..90), not '{from}'");
        if (!TryPoint(to, out var b)) return Problems.Parameter("to", $"to must be a WGS84 point 'lon,lat' (lon -180..180, lat -90..90), not '{to}'");
        var net = await store.GetAsync(ct);
        if (net.IsEmpty) return ServiceAreas.ServiceAreaApi.NoNetwork();
        var (start, end) = (net.Snap(a.Lon, a.Lat), net.Snap(b.Lon, b.Lat));
        double[] From() => [a.Lon, a.Lat];
        double[] To() => [b.Lon, b.Lat];
        if (start.IsOffNetwork || end.IsOffNetwork)
            return TypedResults.Ok(new NetworkDistance(From(), To(), false, null, null, Finite(start), Finite(end), LimitMetres));
        ct.ThrowIfCancellationRequested();
        var search = new BoundedSearch(net.Network);
        search.Run(start, LimitMetres);
        var metres = search.MetresTo(end);
        var reachable = double.IsFinite(metres);
        return TypedResults.Ok(new NetworkDistance(From(), To(), reachable, reachable ? metres : null,
            reachable ? metres - start.AccessMetres - end.AccessMetres : null, start.AccessMetres, end.AccessMetres, LimitMetres));
    }

    private static double? Finite(SnappedPoint p) => p.IsOffNetwork ? null : p.AccessMetres;

    /// <summary>"lon,lat" in WGS84 degrees.</summary>
    private static bool TryPoint(string? text, out (double Lon, double Lat) point)
    {
        point = default;
        var parts = text?.Split(',');
        if (parts is not { Length: 2 }) return false;
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) || lon is < -180 or > 180 || double.IsNaN(lon)) return false;
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) || lat is < -90 or > 90 || double.IsNaN(lat)) return false;
        point = (lon, lat);
        return true;
    }
}
