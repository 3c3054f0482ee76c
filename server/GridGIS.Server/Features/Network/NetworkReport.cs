using GridGIS.Core.Network;

namespace GridGIS.Server.Features.Network;

/// <summary>A connected piece of the walking network: its size and one of its nodes (WGS84 degrees) to find it on the map.</summary>
internal sealed record NetworkComponentReport(int Nodes, int Edges, double Metres, double Lon, double Lat);

/// <summary>
/// How the stored walking network hangs together (<see cref="NetworkConnectivity"/>): connected components (edges taken
/// both ways), the largest ones listed largest first, dead ends (nodes with one edge), nodes without edges, and the
/// share 0..1 of the length outside the largest component (places from which a walk cannot reach the rest).
/// </summary>
internal sealed record NetworkReport(string Version, int Nodes, int Edges, double Metres, int Components, IReadOnlyList<NetworkComponentReport> Largest,
    int DeadEnds, int IsolatedNodes, double ShareOutsideLargest)
{
    /// <summary>Before the network is read.</summary>
    public static NetworkReport Empty { get; } = new("", 0, 0, 0, 0, [], 0, 0, 0);

    /// <summary>The report of a loaded network; lengths rounded to the centimetre.</summary>
    public static NetworkReport Of(StoredNetwork stored, int listed = 10)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var r = NetworkConnectivity.Analyze(stored.Network, listed);
        var net = stored.Network;
        var largest = r.Largest.Select(c =>
        {
            var (lon, lat) = stored.Projection.Inverse(net.NodeX(c.SampleNode), net.NodeY(c.SampleNode));
            return new NetworkComponentReport(c.Nodes, c.Edges, Math.Round(c.Metres, 2), Math.Round(lon, 7), Math.Round(lat, 7));
        }).ToArray();
        return new NetworkReport(stored.Version, r.Nodes, r.Edges, Math.Round(r.Metres, 2), r.Components, largest, r.DeadEnds, r.IsolatedNodes,
            Math.Round(r.ShareOutsideLargest, 6));
    }
}
