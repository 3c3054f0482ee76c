using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace GridGIS.Core.Demo;

/// <summary>A building entrance inside a gated compound (metric coordinates); Weight is its relative size.</summary>
internal sealed record Building(double X, double Y, int CompoundIndex, int Number, double Weight);

/// <summary>A gated residential compound (小区): a name, its gates, its buildings.</summary>
internal sealed record Compound(string Name, int Gates);

/// <summary>The generated walking network in the local metric CRS, with the compounds and buildings it serves.</summary>
internal sealed class GeneratedNetwork
{
    public List<double> X { get; } = [];
    public List<double> Y { get; } = [];
    /// <summary>0 street corner, 1 node along a street, 2 path node inside a compound.</summary>
    public List<byte> NodeKind { get; } = [];
    public List<(int A, int B, string Kind)> Edges { get; } = [];
    public List<Compound> Compounds { get; } = [];
    public List<Building> Buildings { get; } = [];
    /// <summary>Edges added to join pieces that the lattice left apart (e.g. the airport street).</summary>
    public int Connectors { get; set; }

    public int AddNode(double x, double y, byte kind)
    {
        X.Add(x); Y.Add(y); NodeKind.Add(kind);
        return X.Count - 1;
    }

    public double Length(int a, int b) => Math.Sqrt((X[a] - X[b]) * (X[a] - X[b]) + (Y[a] - Y[b]) * (Y[a] - Y[b]));
}

/// <summary>
/// A city-like pedestrian network over an area (metric CRS): arterials about every 1 km, side streets every
/// 150-250 m (bent, some missing, some ending in dead ends), and in most blocks a gated residential compound
/// whose internal paths (about 40 m apart) reach the street only through 1-3 gates, so walking distances
/// exceed straight-line ones as in Beijing. Streets are cut every ~60 m so gates and facilities have nodes.
/// The result is one connected network: pieces left apart are joined to the nearest node by a connector edge.
/// </summary>
internal sealed class WalkNetworkGenerator(DemoRandom rng)
{
    private static readonly string[] CompoundPrefixes =
        ["阳光", "华贸", "金桥", "嘉和", "东方", "新华", "富力", "锦绣", "和平", "安华", "康乐", "丽都", "星河", "远洋", "融科",
         "望花", "花园", "南湖", "北苑", "光华", "珠江", "万科", "首开", "中海", "润泽", "朝阳", "青年", "红星", "松榆", "平安"];
    private static readonly string[] CompoundSuffixes = ["家园", "小区", "花园", "公寓", "西里", "东里", "北里", "嘉园", "新城", "苑"];

    public GeneratedNetwork Generate(Geometry area)
    {
        ArgumentNullException.ThrowIfNull(area);
        var net = new GeneratedNetwork();
        var env = new Envelope(area.EnvelopeInternal);
        env.ExpandBy(300);
        var (xs, xArterial) = Lines(env.MinX, env.MaxX);
        var (ys, yArterial) = Lines(env.MinY, env.MaxY);
        var active = PreparedGeometryFactory.Prepare(area.Buffer(150));
        int nx = xs.Count - 1, ny = ys.Count - 1;
        var isActive = new bool[nx, ny];
        for (var i = 0; i < nx; i++)
            for (var j = 0; j < ny; j++)
                isActive[i, j] = active.Contains(area.Factory.CreatePoint(new Coordinate((xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2)));
        bool Active(int i, int j) => i >= 0 && j >= 0 && i < nx && j < ny && isActive[i, j];

        var corners = new Dictionary<(int, int), int>();
        int Corner(int i, int j)
        {
            if (corners.TryGetValue((i, j), out var id)) return id;
            var jx = xArterial[i] ? 0 : Math.Clamp(rng.Normal() * 12, -30, 30);
            var jy = yArterial[j] ? 0 : Math.Clamp(rng.Normal() * 12, -30, 30);
            return corners[(i, j)] = net.AddNode(xs[i] + jx, ys[j] + jy, 0);
        }

        // Streets: horizontal segment (i, j) runs corner (i, j) -> (i+1, j); vertical (i, j) runs (i, j) -> (i, j+1).
        var segments = new Dictionary<(int, int, bool), List<int>>();
        for (var j = 0; j <= ny; j++)
            for (var i = 0; i <= nx; i++)
            {
                if (i < nx) AddSegment(i, j, true, Active(i, j - 1), Active(i, j), yArterial[j]);
                if (j < ny) AddSegment(i, j, false, Active(i - 1, j), Active(i, j), xArterial[i]);
            }

        void AddSegment(int i, int j, bool horizontal, bool sideA, bool sideB, bool arterial)
        {
            if (!sideA && !sideB) return;
            var a = Corner(i, j);
            var b = horizontal ? Corner(i + 1, j) : Corner(i, j + 1);
            var keep = 1.0;
            if (!arterial && sideA && sideB && rng.Chance(0.07)) keep = rng.Chance(0.5) ? 0.5 : 0; // missing street or dead end
            if (keep == 0) return;
            var n = Math.Max(1, (int)Math.Round(net.Length(a, b) / 60));
            var nodes = new List<int> { a };
            var last = (int)Math.Round(n * keep);
            for (var k = 1; k <= last; k++)
            {
                var t = (double)k / n;
                var id = k == n ? b : net.AddNode(net.X[a] + t * (net.X[b] - net.X[a]), net.Y[a] + t * (net.Y[b] - net.Y[a]), 1);
                net.Edges.Add((nodes[^1], id, arterial ? "arterial" : "street"));
                nodes.Add(id);
            }
            segments[(i, j, horizontal)] = nodes;
        }

        for (var j = 0; j < ny; j++)
            for (var i = 0; i < nx; i++)
                if (isActive[i, j] && rng.Chance(0.8)) AddCompound(net, i, j, Corner, segments);
        Connect(net);
        return net;
    }

    /// <summary>Line positions from min to max, 150-250 m apart; every ~1 km (850-1150 m) an arterial.</summary>
    private (List<double> At, List<bool> Arterial) Lines(double min, double max)
    {
        var at = new List<double> { min };
        var arterial = new List<bool> { true };
        var since = 0.0;
        var next = rng.Range(850, 1150);
        while (at[^1] < max)
        {
            var step = rng.Range(150, 250);
            at.Add(at[^1] + step);
            since += step;
            var isArterial = since >= next - 100;
            if (isArterial) { since = 0; next = rng.Range(850, 1150); }
            arterial.Add(isArterial);
        }
        return (at, arterial);
    }

    private void AddCompound(GeneratedNetwork net, int i, int j, Func<int, int, int> corner, Dictionary<(int, int, bool), List<int>> segments)
    {
        int c00 = corner(i, j), c10 = corner(i + 1, j), c01 = corner(i, j + 1), c11 = corner(i + 1, j + 1);
        var w = (net.Length(c00, c10) + net.Length(c01, c11)) / 2;
        var h = (net.Length(c00, c01) + net.Length(c10, c11)) / 2;
        const double inset = 18, spacing = 40;
        int nu = Math.Max(2, (int)Math.Round((w - 2 * inset) / spacing) + 1), nv = Math.Max(2, (int)Math.Round((h - 2 * inset) / spacing) + 1);
        double u0 = inset / w, v0 = inset / h;
        var ids = new int[nu, nv];
        for (var b = 0; b < nv; b++)
            for (var a = 0; a < nu; a++)
            {
                double u = u0 + (1 - 2 * u0) * a / (nu - 1), v = v0 + (1 - 2 * v0) * b / (nv - 1);
                var x = (1 - u) * (1 - v) * net.X[c00] + u * (1 - v) * net.X[c10] + (1 - u) * v * net.X[c01] + u * v * net.X[c11];
                var y = (1 - u) * (1 - v) * net.Y[c00] + u * (1 - v) * net.Y[c10] + (1 - u) * v * net.Y[c01] + u * v * net.Y[c11];
                ids[a, b] = net.AddNode(x + rng.Range(-4, 4), y + rng.Range(-4, 4), 2);
                if (a > 0) net.Edges.Add((ids[a - 1, b], ids[a, b], "path"));
                if (b > 0) net.Edges.Add((ids[a, b - 1], ids[a, b], "path"));
            }

        // Gates: 1-3, each on a different side that has a street, joined to the nearest path node of that side.
        var sides = new List<(List<int> Street, int[] Edge)>();
        void Side((int, int, bool) key, Func<int, int> edgeNode, int count)
        {
            if (segments.TryGetValue(key, out var street)) sides.Add((street, Enumerable.Range(0, count).Select(edgeNode).ToArray()));
        }
        Side((i, j, true), a => ids[a, 0], nu);
        Side((i, j + 1, true), a => ids[a, nv - 1], nu);
        Side((i, j, false), b => ids[0, b], nv);
        Side((i + 1, j, false), b => ids[nu - 1, b], nv);
        var want = rng.Pick([0.35, 0.45, 0.2]) + 1;
        var gates = 0;
        while (gates < want && sides.Count > 0)
        {
            var s = rng.Next(sides.Count);
            var (street, edge) = sides[s];
            sides.RemoveAt(s);
            var at = street.Count > 2 ? street[1 + rng.Next(street.Count - 2)] : street[rng.Next(street.Count)];
            var inner = edge.MinBy(n => net.Length(n, at));
            net.Edges.Add((at, inner, "gate"));
            gates++;
        }

        var compound = net.Compounds.Count;
        net.Compounds.Add(new Compound(CompoundPrefixes[rng.Next(CompoundPrefixes.Length)] + CompoundSuffixes[rng.Next(CompoundSuffixes.Length)], gates));
        var density = Math.Exp(rng.Normal() * 0.5);
        var number = 0;
        foreach (var id in ids)
        {
            if (!rng.Chance(0.85)) continue;
            var angle = rng.Range(0, 2 * Math.PI);
            var r = rng.Range(6, 14);
            net.Buildings.Add(new Building(net.X[id] + r * Math.Cos(angle), net.Y[id] + r * Math.Sin(angle), compound, ++number,
                density * rng.Range(0.5, 1.5)));
        }
    }

    /// <summary>Joins every component to the largest through an edge between their nearest nodes.</summary>
    private static void Connect(GeneratedNetwork net)
    {
        var n = net.X.Count;
        var uf = new UnionFind(n);
        foreach (var (a, b, _) in net.Edges) uf.Union(a, b);
        var members = new Dictionary<int, List<int>>();
        for (var v = 0; v < n; v++)
        {
            var r = uf.Find(v);
            if (!members.TryGetValue(r, out var list)) members[r] = list = [];
            list.Add(v);
        }
        if (members.Count <= 1) return;
        var ordered = members.Values.OrderByDescending(l => l.Count).ThenBy(l => l[0]).ToList();
        var index = new NodeGridIndex(net.X, net.Y, 250);
        foreach (var v in ordered[0]) index.Add(v);
        foreach (var component in ordered.Skip(1))
        {
            var best = (From: -1, To: -1, D: double.MaxValue);
            // Street corners suffice to find a short link (a large piece has thousands of path nodes).
            var probes = component.Where(v => net.NodeKind[v] == 0).ToList();
            if (probes.Count == 0) probes = component;
            foreach (var v in probes)
            {
                var (to, d) = index.Nearest(net.X[v], net.Y[v]);
                if (d < best.D) best = (v, to, d);
            }
            net.Edges.Add((best.From, best.To, best.D > 400 ? "arterial" : "street"));
            net.Connectors++;
            foreach (var v in component) index.Add(v);
        }
    }
}

/// <summary>Union-find with path halving.</summary>
internal sealed class UnionFind(int count)
{
    private readonly int[] _parent = Enumerable.Range(0, count).ToArray();

    public int Find(int v)
    {
        while (_parent[v] != v) v = _parent[v] = _parent[_parent[v]];
        return v;
    }

    public void Union(int a, int b) => _parent[Find(a)] = Find(b);
}
