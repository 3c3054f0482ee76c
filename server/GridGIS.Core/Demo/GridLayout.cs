using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>A grid of the layout in metric coordinates.</summary>
internal sealed class GridPlan(int community, string code, string name, MultiPolygon area)
{
    public int Community { get; } = community;
    public string Code { get; } = code;
    public string Name { get; } = name;
    public MultiPolygon Area { get; } = area;
    public int? Worker { get; set; }
    public List<int> Buildings { get; } = [];
}

/// <summary>
/// Grids (网格) and their workers (网格员): each community is cut into round(full-scale households / 400)
/// cells (at least 1) by the Voronoi diagram of a weighted k-means of its buildings, so cells hold similar
/// numbers of households; numbered 001.. north to south, west to east. One worker per grid or per two.
/// </summary>
internal static class GridLayout
{
    private const string District = "110105";
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "郑"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "海燕", "晓东"];

    public static void Build(ChaoyangLayout layout)
    {
        var buildings = layout.Network.Buildings;
        foreach (var community in layout.Communities)
        {
            var rng = layout.Random.Fork("grids", community.Index);
            var full = community.Buildings.Sum(b => layout.BuildingHouseholds[b]);
            var k = Math.Max(1, Math.Min(community.Buildings.Count, (int)Math.Round(full / ChaoyangLayout.GridHouseholds)));
            var sites = k == 1
                ? [community.Area.InteriorPoint.Coordinate]
                : WeightedKMeans(community.Buildings.Select(b => (buildings[b].X, buildings[b].Y, layout.BuildingHouseholds[b])).ToList(), k, rng);
            var cells = VoronoiPartition.Partition(community.Area, sites);
            var order = Enumerable.Range(0, cells.Length).Where(i => !cells[i].IsEmpty)
                .OrderByDescending(i => Math.Floor(cells[i].Centroid.Y / 300)).ThenBy(i => cells[i].Centroid.X).ToList();
            var street = layout.Streets[community.Street];
            var first = layout.Grids.Count;
            foreach (var i in order)
            {
                var number = community.Grids.Count + 1;
                var code = District + street.Code[^3..] + community.Source.Code[^3..] + number.ToString("D3");
                community.Grids.Add(layout.Grids.Count);
                layout.Grids.Add(new GridPlan(community.Index, code, $"{community.ShortName}第{number}网格", cells[i]));
            }
            var locator = new PolygonLocator(community.Grids.Select(g => (Geometry)layout.Grids[g].Area).ToList());
            foreach (var b in community.Buildings)
            {
                var at = locator.Locate(buildings[b].X, buildings[b].Y);
                if (at < 0) continue; // on no grid of its community (edge rounding): dropped
                layout.BuildingGrid[b] = first + at;
                layout.Grids[first + at].Buildings.Add(b);
            }
        }
        AssignWorkers(layout);
    }

    /// <summary>k sites: Lloyd iterations of k-means on weighted points, started from k distinct weighted picks.</summary>
    private static List<Coordinate> WeightedKMeans(List<(double X, double Y, double W)> points, int k, DemoRandom rng)
    {
        var weights = points.Select(p => p.W).ToArray();
        var chosen = new HashSet<int>();
        while (chosen.Count < k) chosen.Add(rng.Pick(weights));
        var centres = chosen.Order().Select(i => (points[i].X, points[i].Y)).ToArray();
        var assign = new int[points.Count];
        for (var it = 0; it < 8; it++)
        {
            for (var p = 0; p < points.Count; p++)
            {
                var best = 0; var bestD = double.MaxValue;
                for (var c = 0; c < k; c++)
                {
                    var d = (points[p].X - centres[c].X) * (points[p].X - centres[c].X) + (points[p].Y - centres[c].Y) * (points[p].Y - centres[c].Y);
                    if (d < bestD) { bestD = d; best = c; }
                }
                assign[p] = best;
            }
            var sx = new double[k]; var sy = new double[k]; var sw = new double[k];
            for (var p = 0; p < points.Count; p++) { sx[assign[p]] += points[p].X * points[p].W; sy[assign[p]] += points[p].Y * points[p].W; sw[assign[p]] += points[p].W; }
            for (var c = 0; c < k; c++) if (sw[c] > 0) centres[c] = (sx[c] / sw[c], sy[c] / sw[c]);
        }
        var sites = centres.Select(c => new Coordinate(c.X, c.Y)).ToList();
        VoronoiPartition.Dedupe(sites, rng);
        return sites;
    }

    /// <summary>
    /// Workers walk each community's grids in order, taking one grid or two. Languages: zh plus the street
    /// profile's (ko in Wangjing, en/fr/ru in Sanlitun, ...). The demo account "worker" gets three grids of
    /// the Wangjing community with the most foreign-resident affinity.
    /// </summary>
    private static void AssignWorkers(ChaoyangLayout layout)
    {
        var rng = layout.Random.Fork("workers");
        var wangjing = layout.Streets.Single(s => s.Published.Pinyin == "Wangjing");
        var demoCommunity = wangjing.Communities.Where(c => layout.Communities[c].Grids.Count >= 3)
            .MaxBy(c => layout.Communities[c].Buildings.Sum(b => layout.BuildingAffinity[b] * layout.BuildingHouseholds[b]) / Math.Max(1, layout.Communities[c].Buildings.Count));
        foreach (var community in layout.Communities)
        {
            var profile = layout.Streets[community.Street].Profile;
            var g = 0;
            while (g < community.Grids.Count)
            {
                var isDemo = community.Index == demoCommunity && g == 0;
                var take = isDemo ? 3 : rng.Chance(0.5) ? 1 : 2;
                var languages = new List<string> { "zh" };
                if (isDemo) languages.AddRange(["ko", "en"]);
                else foreach (var (language, p) in profile.WorkerLanguages) if (rng.Chance(p)) languages.Add(language);
                var name = Surnames[rng.Next(Surnames.Length)] + Given[rng.Next(Given.Length)];
                layout.Workers.Add(new DemoGridWorker(name, languages, isDemo ? "worker" : null));
                for (var t = 0; t < take && g < community.Grids.Count; t++, g++) layout.Grids[community.Grids[g]].Worker = layout.Workers.Count - 1;
            }
        }
    }
}
