using GridGIS.Core.Export;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using static GridGIS.Core.Export.ExportFieldType;

namespace GridGIS.Server.Features.Export;

/// <summary>The collections that export as files; the word in the path is the snake-case name (<c>streets</c>, <c>basemap</c>).</summary>
internal enum ExportLayer { Streets, Communities, Grids, Facilities, Network, Basemap }

/// <summary>
/// Each collection's export: its query (a <c>.sql</c> beside this file: geometry first, then the attributes) and its
/// schema. Attribute names are the import's property names where the import takes them (<c>code</c>, <c>name_zh</c>,
/// <c>street_code</c>, <c>category</c>, <c>languages</c>, <c>oneway</c>, <c>kind</c> ...), so that an exported file
/// imports again; the others (<c>id</c>, <c>geometry_note</c>, <c>generated</c> ...) say where a row came from.
/// </summary>
internal static class ExportLayers
{
    /// <summary>Most features one export may hold; beyond it the request is refused (narrow it with bbox).</summary>
    public const int MaxFeatures = 1_000_000;

    public static (string Query, ExportSchema Schema) Of(ExportLayer layer) => layer switch
    {
        ExportLayer.Streets => ("ExportStreets", new("streets", "MultiPolygon",
            [new("id", Integer), new("code", Text), new("name_zh", Text), new("name_en", Text), new("geometry_note", Text)])),
        ExportLayer.Communities => ("ExportCommunities", new("communities", "MultiPolygon",
            [new("id", Integer), new("code", Text), new("street_code", Text), new("name_zh", Text), new("name_en", Text)])),
        ExportLayer.Grids => ("ExportGrids", new("grids", "MultiPolygon",
            [new("id", Integer), new("code", Text), new("community_code", Text), new("kind", Text), new("name", Text), new("worker", Text)])),
        ExportLayer.Facilities => ("ExportFacilities", new("facilities", "Point",
            [new("id", Integer), new("category", Text), new("name", Text), new("capacity", Integer), new("languages", TextList),
             new("street_code", Text), new("generated", ExportFieldType.Boolean)])),
        ExportLayer.Network => ("ExportWalkEdges", new("network", "LineString",
            [new("id", Integer), new("source", Integer), new("target", Integer), new("length_m", Real), new("oneway", ExportFieldType.Boolean), new("kind", Text)])),
        ExportLayer.Basemap => ("ExportBasemap", new("basemap", "Geometry",
            [new("id", Integer), new("kind", Text), new("class", Text), new("name", Text), new("name_zh", Text), new("name_en", Text),
             new("source", Text), new("source_id", Text)])),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "unknown export layer"),
    };

    /// <summary>
    /// Writes every row of <paramref name="layer"/> (inside <paramref name="bbox"/> when given) to <paramref name="writer"/>;
    /// false when there are more than <see cref="MaxFeatures"/>. Rows stream from the database into the file: memory stays bounded.
    /// </summary>
    public static async Task<bool> WriteAsync(NpgsqlDataSource db, ExportLayer layer, double[]? bbox, FeatureFileWriter writer, CancellationToken ct)
    {
        var (query, _) = Of(layer);
        await using var cmd = db.CreateCommand(Sql.Get($"Features/Export/{query}.sql"));
        for (var i = 0; i < 4; i++) cmd.Parameters.Add(new NpgsqlParameter { Value = bbox is null ? DBNull.Value : bbox[i], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = MaxFeatures + 1 });
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            var values = new object?[r.FieldCount - 1];
            while (await r.ReadAsync(ct))
            {
                if (writer.Count >= MaxFeatures) return false;
                var geometry = r.GetFieldValue<Geometry>(0);
                for (var i = 1; i < r.FieldCount; i++) values[i - 1] = await r.IsDBNullAsync(i, ct) ? null : r.GetValue(i);
                writer.Write(new ExportFeature(geometry, values));
            }
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested)
        {
            throw new InvalidOperationException($"reading {writer.Schema.Layer} for export", e);
        }
        return true;
    }
}
