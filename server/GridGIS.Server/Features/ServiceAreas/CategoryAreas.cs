using GridGIS.Core.Network;
using GridGIS.Server.Features.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>
/// A category's dissolved walking service area, one polygon per band (WGS84), traced once per network version
/// and facility set and kept in <see cref="CategoryAreaCache"/>: the one computation behind <c>/api/service-areas</c>
/// and the OGC collection and tile layer <c>service-areas</c>.
/// </summary>
internal static class CategoryAreas
{
    /// <summary>
    /// The bands of <paramref name="facilities"/> (one category) at <paramref name="limits"/>, along the stored network,
    /// buffered <paramref name="bufferMetres"/>; the ids of the facilities beyond the snap limit (left out). Null when no
    /// network is loaded. A category without facilities has empty bands.
    /// </summary>
    public static async Task<(Geometry[] Bands, int[] OffNetwork)?> NetworkBandsAsync(WalkNetworkStore store, CategoryAreaCache areas,
        string category, IReadOnlyList<ReachFacility> facilities, WalkThreshold[] limits, double bufferMetres, CancellationToken ct)
    {
        var net = await store.GetAsync(ct);
        if (net.IsEmpty) return null;
        var snapped = facilities.Select(f => { var (x, y) = store.Projection.Forward(f.Lon, f.Lat); return net.Snapper.Snap(x, y); }).ToArray();
        var offNetwork = facilities.Where((_, i) => snapped[i].IsOffNetwork).Select(f => f.Id).ToArray();
        var metres = limits.Select(l => l.Metres).ToArray();
        var key = CategoryAreaCache.Key(net.Version, category, facilities, metres, bufferMetres, "network");
        if (!areas.TryGet(key, out var polygons))
        {
            var search = new BoundedSearch(net.Network);
            search.Run(snapped, metres.Max());
            polygons = new ServiceArea(net.Network, bufferMetres, net.Projection).Bands(search, metres, ct);
            areas.Put(key, polygons);
        }
        return (polygons, offNetwork);
    }
}
