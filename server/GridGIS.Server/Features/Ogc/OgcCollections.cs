namespace GridGIS.Server.Features.Ogc;

/// <summary>One OGC API - Features collection: what it is, its simple property filters and how a page of it is made.</summary>
/// <param name="Id">The collection id in <c>/ogc/collections/{id}</c>.</param>
/// <param name="Title">A title for QGIS's and GDAL's layer lists.</param>
/// <param name="Description">What the features are, in a sentence.</param>
/// <param name="Filters">Simple property filters (e.g. street, category), in the order a list query takes them.</param>
/// <param name="GeometryType">The features' geometry type, for the OpenAPI document ("Geometry" when mixed).</param>
/// <param name="Page">Makes a page of features for a request.</param>
/// <param name="HasTime">Whether features have a time (<c>datetime</c> filters on it); otherwise <c>datetime</c> is refused.</param>
/// <param name="TextIds">Whether feature ids are text (<c>category.number</c>) rather than whole numbers.</param>
internal sealed record OgcCollection(string Id, string Title, string Description, string[] Filters, string GeometryType, OgcPager Page,
    bool HasTime = false, bool TextIds = false);

/// <summary>The collections of <c>/ogc</c>. Households are not among them: they are personal data behind the grid-work role.</summary>
internal static class OgcCollections
{
    private static OgcCollection Listed(string id, string title, string description, string query, string[] filters, string geometryType) =>
        new(id, title, description, filters, geometryType, OgcSqlPages.For(query, filters));

    private const string CoverageNote = " of the latest complete coverage run, one feature per unit and category (id category.unitId): households, " +
        "residents and foreign residents covered within the category's walk, share covered, E2SFCA accessibility. For non-administrators figures " +
        "of fewer than 5 households are withheld (null, withheld true), with those that would give them away.";

    public static readonly OgcCollection[] All =
    [
        Listed("streets", "Streets (街道)", "The district's streets (subdistricts), with their codes and names.",
            "Features/Layers/ListStreets.sql", [], "MultiPolygon"),
        Listed("communities", "Communities (社区)", "Communities within the streets, with their codes and names.",
            "Features/Layers/ListCommunities.sql", ["street"], "MultiPolygon"),
        Listed("grids", "Grids (网格)", "Management grids, foreign-resident grids (涉外网格) marked by kind, with their worker.",
            "Features/Layers/ListGrids.sql", ["street", "community", "kind"], "MultiPolygon"),
        Listed("facilities", "Facilities", "Service facilities by category (kindergarten, primary school, food market, ...), with capacity.",
            "Features/Layers/ListFacilities.sql", ["street", "category"], "Point"),
        Listed("network", "Walking network", "The edges of the walking network: length in metres, one-way flag.",
            "Features/Layers/ListWalkEdges.sql", [], "LineString"),
        new("service-areas", "Service areas (服务范围), 5/10/15 min",
            "Each category's 5, 10 and 15-minute walking service area, its facilities dissolved (id category.minutes).",
            ["category", "minutes"], "MultiPolygon", ServiceAreaCollection.Page, TextIds: true),
        new("gaps", "Service gaps", "Service gaps of the latest complete coverage run: areas of households beyond the category's walk " +
            "(id category.gapNo); for non-administrators figures of fewer than 5 households are withheld (null).",
            ["category"], "Polygon", CoverageCollections.Gaps, HasTime: true, TextIds: true),
        new("coverage-streets", "Coverage per street", "Coverage per street" + CoverageNote,
            ["category"], "MultiPolygon", CoverageCollections.Units("street"), HasTime: true, TextIds: true),
        new("coverage-communities", "Coverage per community", "Coverage per community" + CoverageNote,
            ["category"], "MultiPolygon", CoverageCollections.Units("community"), HasTime: true, TextIds: true),
        new("coverage-grids", "Coverage per grid", "Coverage per grid" + CoverageNote,
            ["category"], "MultiPolygon", CoverageCollections.Units("grid"), HasTime: true, TextIds: true),
        Listed("basemap", "Basemap", "Basemap features (roads, buildings, water, green, land use, rail, places) by kind and class.",
            "Features/Ogc/ListBasemapFeatures.sql", ["kind"], "Geometry"),
    ];

    public static OgcCollection? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
