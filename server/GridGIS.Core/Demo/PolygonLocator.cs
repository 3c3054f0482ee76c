using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GridGIS.Core.Demo;

/// <summary>Which of a set of polygons holds a point (interior or boundary); the first in list order wins.</summary>
internal sealed class PolygonLocator
{
    private readonly STRtree<int> _tree = new();
    private readonly IndexedPointInAreaLocator[] _locators;

    public PolygonLocator(IReadOnlyList<Geometry> polygons)
    {
        _locators = new IndexedPointInAreaLocator[polygons.Count];
        for (var i = 0; i < polygons.Count; i++)
        {
            if (polygons[i].IsEmpty) continue;
            _locators[i] = new IndexedPointInAreaLocator(polygons[i]);
            _tree.Insert(polygons[i].EnvelopeInternal, i);
        }
        _tree.Build();
    }

    /// <summary>The index of the polygon holding (x, y), or -1.</summary>
    public int Locate(double x, double y)
    {
        var c = new Coordinate(x, y);
        var best = -1;
        foreach (var i in _tree.Query(new Envelope(c)))
            if ((best < 0 || i < best) && _locators[i].Locate(c) != Location.Exterior) best = i;
        return best;
    }
}
