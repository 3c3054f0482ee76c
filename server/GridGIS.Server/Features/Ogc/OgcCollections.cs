namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// One OGC API - Features collection over a feature's own list query (the same <c>.sql</c> file that
/// <c>/api</c> answers from: $1 id, $2..$5 bbox, $6 limit, $7 offset, then <see cref="Filters"/> in order).
/// </summary>
/// <param name="Id">The collection id in <c>/ogc/collections/{id}</c>.</param>
/// <param name="Title">A title for QGIS's and GDAL's layer lists.</param>
/// <param name="Description">What the features are, in a sentence.</param>
/// <param name="Query">Embedded SQL path of the list query.</param>
/// <param name="Filters">Simple property filters the query takes after $7, in parameter order (e.g. street, category).</param>
/// <param name="GeometryType">The features' geometry type, for the OpenAPI document.</param>
internal sealed record OgcCollection(string Id, string Title, string Description, string Query, string[] Filters, string GeometryType);

/// <summary>The collections of <c>/ogc</c>. Households are not among them: they are personal data behind the grid-work role.</summary>
internal static class OgcCollections
{
    public static readonly OgcCollection[] All =
    [
        new("streets", "Streets (街道)", "The district's streets (subdistricts), with their codes and names.",
            "Features/Layers/ListStreets.sql", [], "MultiPolygon"),
        new("communities", "Communities (社区)", "Communities within the streets, with their codes and names.",
            "Features/Layers/ListCommunities.sql", ["street"], "MultiPolygon"),
        new("grids", "Grids (网格)", "Management grids, foreign-resident grids (涉外网格) marked by kind, with their worker.",
            "Features/Layers/ListGrids.sql", ["street", "community", "kind"], "MultiPolygon"),
        new("facilities", "Facilities", "Service facilities by category (kindergarten, primary school, food market, ...), with capacity.",
            "Features/Layers/ListFacilities.sql", ["street", "category"], "Point"),
        new("network", "Walking network", "The edges of the walking network: length in metres, one-way flag.",
            "Features/Layers/ListWalkEdges.sql", [], "LineString"),
    ];

    public static OgcCollection? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
