namespace GridGIS.Core.Demo;

/// <summary>
/// Facility categories (设施类别) of the 15-minute life circle (GB 50180-2018 and the seed papers) and generated
/// facilities placed unevenly: each community has each kind only with some probability (and a street-level
/// service factor), so real gaps exist. Facilities stand on walking-network nodes along streets or inside
/// compounds, so they lie on an edge. Identical at every scale.
/// </summary>
internal static class FacilityGenerator
{
    public static readonly IReadOnlyList<DemoCategory> Categories = Import.Osm.StandardCategories.All
        .Select(c => new DemoCategory(c.Code, c.NameZh, c.NameEn, c.WalkMinutes, c.WalkMetres, c.WalkSpeedKmh, c.LanguageApplies)).ToList();

    /// <summary>Per community: category, chance of having one, most per community, capacity range, name suffix.</summary>
    private static readonly (string Code, double P, int Max, int MinCap, int MaxCap, string Suffix)[] PerCommunity =
    [
        ("community_service_station", 0.9, 1, 200, 800, "社区服务站"),
        ("health_station", 0.55, 1, 3000, 12000, "社区卫生服务站"),
        ("kindergarten", 0.6, 2, 90, 360, "幼儿园"),
        ("primary_school", 0.35, 1, 540, 1800, "小学"),
        ("food_market", 0.7, 2, 500, 3000, "菜市场"),
        ("elderly_care", 0.5, 1, 20, 60, "养老驿站"),
        ("library", 0.15, 1, 30, 120, "社区图书室"),
    ];

    public static void Build(ChaoyangLayout layout)
    {
        var net = layout.Network;
        var communityOf = new PolygonLocator(layout.Communities.Select(c => (NetTopologySuite.Geometries.Geometry)c.Area).ToList());
        var nodesOf = layout.Communities.Select(_ => new List<int>()).ToArray();
        for (var n = 0; n < net.X.Count; n++)
        {
            if (net.NodeKind[n] == 0) continue;
            var c = communityOf.Locate(net.X[n], net.Y[n]);
            if (c >= 0) nodesOf[c].Add(n);
        }
        var rng = layout.Random.Fork("facilities");
        foreach (var street in layout.Streets)
        {
            var service = rng.Range(0.6, 1.3); // some streets are better served than others
            var streetName = street.Published.NameZh == "机场" ? "首都机场" : street.Published.NameZh;
            var streetNodes = street.Communities.SelectMany(c => nodesOf[c]).ToList();
            if (streetNodes.Count == 0) continue;
            var pilot = street.Profile.Hotspots > 1;
            string[] local = pilot ? ["zh", "en"] : ["zh"];
            Add("street_service_hall", $"{streetName}街道政务服务大厅", Near(streetNodes, street.Area.InteriorPoint.X, street.Area.InteriorPoint.Y), rng.Next(600) + 400, local);
            Add("library", $"{streetName}街道图书馆", streetNodes[rng.Next(streetNodes.Count)], rng.Next(200) + 100, local);
            var stations = pilot ? 1 + rng.Next(2) : (double)street.Published.ForeignResidents / street.Published.Total >= 0.01 && rng.Chance(0.5) ? 1 : 0;
            for (var k = 0; k < stations; k++)
            {
                var h = street.Hotspots[k % street.Hotspots.Count];
                var languages = new List<string> { "zh", "en" };
                foreach (var (language, _) in street.Profile.WorkerLanguages) if (!languages.Contains(language)) languages.Add(language);
                Add("foreign_service_station", $"{streetName}涉外服务站{(k > 0 ? k + 1 : "")}", Near(streetNodes, h.X, h.Y), rng.Next(150) + 50, languages);
            }
            foreach (var c in street.Communities)
            {
                var nodes = nodesOf[c];
                if (nodes.Count == 0) continue;
                var name = layout.Communities[c].ShortName;
                foreach (var (code, p, max, minCap, maxCap, suffix) in PerCommunity)
                {
                    var count = 0;
                    for (var k = 0; k < max; k++) if (rng.Chance(Math.Min(0.97, p * service) / (k + 1))) count++;
                    for (var k = 0; k < count; k++)
                        Add(code, $"{name}{suffix}{(k > 0 ? k + 1 : "")}", nodes[rng.Next(nodes.Count)], minCap + rng.Next(maxCap - minCap + 1), local);
                }
            }

            void Add(string code, string facilityName, int node, int capacity, IReadOnlyList<string> languages) =>
                layout.FacilitiesMetric.Add(new DemoFacility(code, facilityName, net.X[node], net.Y[node], capacity, languages, street.Index));
        }

        int Near(List<int> nodes, double x, double y) => nodes.MinBy(n => (net.X[n] - x) * (net.X[n] - x) + (net.Y[n] - y) * (net.Y[n] - y));
    }
}
