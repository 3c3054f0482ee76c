using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>A street of the layout in metric coordinates.</summary>
internal sealed class StreetPlan(int index, string code, PublishedStreet2010 published, MultiPolygon area)
{
    public int Index { get; } = index;
    public string Code { get; } = code;
    public PublishedStreet2010 Published { get; } = published;
    public MultiPolygon Area { get; } = area;
    public ForeignResidentProfile Profile { get; } =
        ForeignResidentProfile.For(published.Pinyin, (double)published.ForeignResidents / published.Total);
    public List<int> Communities { get; } = [];
    public List<int> Buildings { get; } = [];
    public List<Coordinate> Hotspots { get; } = [];
}

/// <summary>A community of the layout in metric coordinates.</summary>
internal sealed class CommunityPlan(int index, int street, Community2023 source, MultiPolygon area)
{
    public int Index { get; } = index;
    public int Street { get; } = street;
    public Community2023 Source { get; } = source;
    public MultiPolygon Area { get; } = area;
    public List<int> Buildings { get; } = [];
    public List<int> Grids { get; } = [];
    /// <summary>"花家地社区" from "花家地社区居委会".</summary>
    public string ShortName => Source.Name.EndsWith("居委会", StringComparison.Ordinal) ? Source.Name[..^3] : Source.Name;
}

/// <summary>
/// The city's layout, identical at every scale: street and community polygons, grids, the walking network,
/// compounds and buildings (with their full-scale share of households and foreign-resident affinity),
/// grid workers and facilities. Metric coordinates (the default profile's, <see cref="CityProfile.Default"/>: Chaoyang).
/// </summary>
internal sealed class ChaoyangLayout
{
    public const string GeometryNote = "generated, approximate: Voronoi of the 43 street seed points, clipped to their convex hull buffered by 1.5 km";
    public const double OutlineBufferM = 1500;
    /// <summary>Mean residents per household used to size grids (full scale); households draw 1..6.</summary>
    public const double MeanHouseholdSize = 2.8;
    /// <summary>Target households per grid at full scale.</summary>
    public const double GridHouseholds = 400;

    public required PublishedTables Tables { get; init; }
    public required DemoRandom Random { get; init; }
    public List<StreetPlan> Streets { get; } = [];
    public List<CommunityPlan> Communities { get; } = [];
    public List<GridPlan> Grids { get; } = [];
    public List<DemoGridWorker> Workers { get; } = [];
    public List<DemoFacility> FacilitiesMetric { get; } = [];
    public GeneratedNetwork Network { get; set; } = null!;
    /// <summary>Per building: street, community, grid index (-1 when dropped), full-scale households, affinity.</summary>
    public int[] BuildingStreet { get; set; } = [];
    public int[] BuildingCommunity { get; set; } = [];
    public int[] BuildingGrid { get; set; } = [];
    public double[] BuildingHouseholds { get; set; } = [];
    public double[] BuildingAffinity { get; set; } = [];

    public static ChaoyangLayout Build(PublishedTables tables, ulong seed, Action<string> log)
    {
        var layout = new ChaoyangLayout { Tables = tables, Random = new DemoRandom(seed) };
        var factory = new GeometryFactory(new PrecisionModel(), 0);
        layout.BuildStreets(factory);
        log($"streets: {layout.Streets.Count} polygons from the Voronoi diagram of {tables.SeedPoints.Count} seed points");
        layout.BuildCommunities();
        log($"communities: {layout.Communities.Count}");
        var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(layout.Streets.Select(s => (Geometry)s.Area).ToList());
        layout.Network = new WalkNetworkGenerator(layout.Random.Fork("network")).Generate(union);
        log($"walking network: {layout.Network.X.Count} nodes, {layout.Network.Edges.Count} edges, {layout.Network.Compounds.Count} compounds, {layout.Network.Buildings.Count} buildings");
        layout.PlaceBuildings();
        GridLayout.Build(layout);
        log($"grids: {layout.Grids.Count}, grid workers: {layout.Workers.Count}");
        FacilityGenerator.Build(layout);
        log($"facilities: {layout.FacilitiesMetric.Count}");
        return layout;
    }

    private void BuildStreets(GeometryFactory factory)
    {
        var proj = CityProfile.Default.Projection;
        var sites = Tables.SeedPoints.Select(p => { var (x, y) = proj.Forward(p.Lon, p.Lat); return new Coordinate(x, y); }).ToList();
        var outline = factory.CreateMultiPoint(sites.Select(c => factory.CreatePoint(c)).ToArray()).ConvexHull().Buffer(OutlineBufferM);
        var cells = VoronoiPartition.Partition(outline, sites);
        var used = new HashSet<string>();
        foreach (var row in Tables.Streets2010)
        {
            var code = Tables.StreetCodeOf2010Name(row.NameZh);
            if (!used.Add(code)) throw new FormatException($"two 2010 streets map to {code}");
            var seedIndex = Tables.SeedPoints.ToList().FindIndex(p => p.Code == code);
            if (seedIndex < 0) throw new FormatException($"no seed point for street {code} ({row.NameZh})");
            Streets.Add(new StreetPlan(Streets.Count, code, row, cells[seedIndex]));
        }
    }

    private void BuildCommunities()
    {
        foreach (var street in Streets)
        {
            var rows = Tables.Communities2023.Where(c => c.StreetCode == street.Code).ToList();
            if (rows.Count == 0) throw new FormatException($"no communities for street {street.Code}");
            var rng = Random.Fork("communities", street.Index);
            var sites = VoronoiPartition.RelaxedSites(street.Area, rows.Count, rng, 4);
            var cells = VoronoiPartition.Partition(street.Area, sites);
            for (var i = 0; i < rows.Count; i++)
            {
                street.Communities.Add(Communities.Count);
                Communities.Add(new CommunityPlan(Communities.Count, street.Index, rows[i], cells[i]));
            }
        }
    }

    /// <summary>Buildings to streets and communities; each street's full-scale households shared by building weight.</summary>
    private void PlaceBuildings()
    {
        var buildings = Network.Buildings;
        var streetOf = new PolygonLocator(Streets.Select(s => (Geometry)s.Area).ToList());
        var communityOf = new PolygonLocator(Communities.Select(c => (Geometry)c.Area).ToList());
        BuildingStreet = new int[buildings.Count];
        BuildingCommunity = new int[buildings.Count];
        BuildingGrid = Enumerable.Repeat(-1, buildings.Count).ToArray();
        BuildingHouseholds = new double[buildings.Count];
        BuildingAffinity = new double[buildings.Count];
        for (var b = 0; b < buildings.Count; b++)
        {
            var c = communityOf.Locate(buildings[b].X, buildings[b].Y);
            var s = c < 0 ? -1 : Communities[c].Street;
            // A building on a community edge that the street test places elsewhere is dropped.
            if (c >= 0 && streetOf.Locate(buildings[b].X, buildings[b].Y) != s) c = s = -1;
            BuildingStreet[b] = s;
            BuildingCommunity[b] = c;
            if (c < 0) continue;
            Streets[s].Buildings.Add(b);
            Communities[c].Buildings.Add(b);
        }
        foreach (var street in Streets)
        {
            if (street.Buildings.Count == 0) throw new InvalidOperationException($"street {street.Code} got no buildings");
            var full = street.Published.Total / MeanHouseholdSize;
            var sum = street.Buildings.Sum(b => buildings[b].Weight);
            foreach (var b in street.Buildings) BuildingHouseholds[b] = full * buildings[b].Weight / sum;
            var rng = Random.Fork("hotspots", street.Index);
            for (var h = 0; h < street.Profile.Hotspots; h++)
            {
                var b = street.Buildings[rng.Next(street.Buildings.Count)];
                street.Hotspots.Add(new Coordinate(buildings[b].X, buildings[b].Y));
            }
            foreach (var b in street.Buildings)
            {
                var a = 1.0;
                foreach (var h in street.Hotspots)
                {
                    var d2 = (buildings[b].X - h.X) * (buildings[b].X - h.X) + (buildings[b].Y - h.Y) * (buildings[b].Y - h.Y);
                    a += street.Profile.Strength * Math.Exp(-d2 / (2 * street.Profile.SigmaM * street.Profile.SigmaM));
                }
                BuildingAffinity[b] = a;
            }
        }
    }
}
