using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Topology check of the grids of one community or of all: loads communities and grids with one
/// query, runs <see cref="GridTopologyCheck"/> per community, returns a GeoJSON FeatureCollection
/// whose features are the offending areas (EPSG:4326) with kind, community and grids.
/// </summary>
internal static class TopologyReport
{
    public sealed record Feature(string Type, Geometry Geometry, Properties Properties);

    /// <param name="Kind">overlap, gap or outside_community</param>
    public sealed record Properties(string Layer, string Kind, int CommunityId, string CommunityCode, string CommunityZh,
        int[] GridIds, string[] GridCodes, double AreaM2);

    public sealed record Collection(string Type, int CommunitiesChecked, int GridsChecked, double MinAreaM2, IReadOnlyList<Feature> Features);

    /// <summary>Null when <paramref name="communityId"/> names no community.</summary>
    public static async Task<Collection?> BuildAsync(NpgsqlDataSource db, int? communityId, double minAreaM2, Action<string>? progress, CancellationToken ct)
    {
        var communities = new List<(int Id, string Code, string Zh, Geometry Geom, List<GridShape> Grids)>();
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Grids/LoadCommunityGrids.sql")))
        {
            cmd.Parameters.Add(new() { Value = (object?)communityId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetInt32(0);
                if (communities.Count == 0 || communities[^1].Id != id)
                    communities.Add((id, r.GetString(1), r.GetString(2), r.GetFieldValue<Geometry>(3), []));
                if (!r.IsDBNull(4)) communities[^1].Grids.Add(new GridShape(r.GetInt32(4), r.GetString(5), r.GetFieldValue<Geometry>(6)));
            }
        }
        if (communityId is not null && communities.Count == 0) return null;

        var check = new GridTopologyCheck(minAreaM2);
        var features = new List<Feature>();
        for (var i = 0; i < communities.Count; i++)
        {
            var c = communities[i];
            var codes = c.Grids.ToDictionary(g => g.Id, g => g.Code);
            foreach (var p in check.Run(c.Geom, c.Grids))
                features.Add(new Feature("Feature", p.Geometry, new Properties("topology_problem", KindName(p.Kind), c.Id, c.Code, c.Zh,
                    p.GridIds.ToArray(), p.GridIds.Select(g => codes[g]).ToArray(), Math.Round(p.AreaM2, 1))));
            if (progress is not null && (i + 1) % 100 == 0) progress($"topology: {i + 1}/{communities.Count} communities ({100 * (i + 1) / communities.Count}%)");
        }
        return new Collection("FeatureCollection", communities.Count, communities.Sum(c => c.Grids.Count), minAreaM2, features);
    }

    public static string KindName(TopologyProblemKind kind) => kind switch
    {
        TopologyProblemKind.Overlap => "overlap",
        TopologyProblemKind.Gap => "gap",
        _ => "outside_community",
    };
}
