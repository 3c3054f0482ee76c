using GridGIS.Core.Demo;
using GridGIS.Core.Geo;
using GridGIS.Server.Features.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.Demo;

/// <summary>
/// The demo's real roads: the OpenStreetMap extract of central Wangjing (data/osm/beijing_chaoyang_wangjing.osm, embedded;
/// © OpenStreetMap contributors, ODbL 1.0) read by the walking rules and put in place of the generated network where it
/// covers the demo: within the extract's stated bounds (central Wangjing, which the demo's generated Wangjing street and its
/// neighbours share), joined at the seam (<see cref="DemoRealNetwork"/>). Everything else stays generated.
/// </summary>
internal static class DemoRealRoads
{
    public const string Resource = "osm/beijing_chaoyang_wangjing.osm";
    public const string Street = "Wangjing";

    public static DemoDataset Apply(DemoDataset data, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = typeof(DemoRealRoads).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"{Resource} is not embedded (data/osm in GridGIS.Server.csproj)");
        var builder = OsmReader.Read(stream);
        var edges = builder.Build();
        var b = builder.Bounds ?? throw new InvalidOperationException($"{Resource} states no <bounds>");
        var street = data.Streets.Single(s => s.NameEn == Street).Geometry;
        var area = street.Factory.ToGeometry(new Envelope(b.MinLon, b.MaxLon, b.MinLat, b.MaxLat));
        if (!area.Intersects(street)) throw new InvalidOperationException($"{Resource} does not cover the demo's {Street} street");
        var r = DemoRealNetwork.Apply(data, edges, area, CityProfile.Default.Projection);
        log($"real roads in central {Street} ({Resource}): {r.GeneratedEdgesRemoved} generated edges replaced by {r.RealEdges} OSM segments " +
            $"({r.RealPiecesLeftOut} of pieces apart from the largest left out), {r.SeamEdges} seam connectors");
        return r.Dataset;
    }
}
