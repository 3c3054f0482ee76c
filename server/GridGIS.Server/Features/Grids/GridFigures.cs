using System.Text.Json;
using GridGIS.Core.Grids;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// One grid's figures as loaded for the designation, matching and workload reports, with the households behind its
/// foreign residents and behind each nationality (what <see cref="Disclosure"/> judges those labels by).
/// <see cref="Shown"/> and <see cref="ForeignShown"/> say what the caller may see; see <see cref="GridFigures.Disclose"/>.
/// </summary>
internal sealed record GridFigure(int Id, string Code, GridKind Kind, int CommunityId, int? WorkerId, long Households, long Residents,
    long ForeignResidents, IReadOnlyDictionary<string, long> Nationalities, string? KindReason, string? KindSetBy, DateTime? KindSetAt,
    Geometry Geometry, long ForeignHouseholds = 0, IReadOnlyDictionary<string, long>? NationalityHouseholds = null,
    bool Shown = true, bool ForeignShown = true);

internal sealed record WorkerRow(int Id, string Name, string[] Languages, string? UserName, int[] CommunityIds);

/// <summary>Loads the inputs of the grid reports with one query each (LoadGridFigures.sql, LoadWorkers.sql).</summary>
internal static class GridFigures
{
    public static GridKind ParseKind(string kind) => kind == "foreign_resident" ? GridKind.ForeignResident : GridKind.Ordinary;

    public static string KindName(GridKind kind) => kind == GridKind.ForeignResident ? "foreign_resident" : "ordinary";

    public static async Task<List<GridFigure>> LoadAsync(NpgsqlDataSource db, int? communityId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/LoadGridFigures.sql"));
        cmd.Parameters.Add(new() { Value = (object?)communityId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        var list = new List<GridFigure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var nats = JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(8)) ?? [];
            list.Add(new GridFigure(r.GetInt32(0), r.GetString(1), ParseKind(r.GetString(2)), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), nats,
                r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetFieldValue<DateTime>(11), r.GetFieldValue<Geometry>(12), r.GetInt64(13),
                JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(14)) ?? []));
        }
        return list;
    }

    /// <summary>
    /// What <paramref name="rule"/> lets the caller see of each grid, as figures the reports compute from (rule 5: a
    /// report never computes from what it may not show): a grid of 1-4 households shows nothing (its counts are 0 and
    /// <see cref="GridFigure.Shown"/> is false); foreign residents count only when at least the threshold of households
    /// has them (else 0, <see cref="GridFigure.ForeignShown"/> false); a nationality is kept only when at least the
    /// threshold of households has it.
    /// </summary>
    public static List<GridFigure> Disclose(IEnumerable<GridFigure> grids, Disclosure rule) => grids.Select(g =>
    {
        if (!rule.Applies) return g;
        if (!rule.Shows(g.Households))
            return g with { Households = 0, Residents = 0, ForeignResidents = 0, Nationalities = new Dictionary<string, long>(), ForeignHouseholds = 0,
                            NationalityHouseholds = new Dictionary<string, long>(), Shown = false, ForeignShown = false };
        var foreignShown = rule.ShowsLabel(g.ForeignHouseholds);
        var nationalities = foreignShown
            ? g.Nationalities.Where(n => rule.ShowsLabel(g.NationalityHouseholds?.GetValueOrDefault(n.Key) ?? 0)).ToDictionary(n => n.Key, n => n.Value)
            : [];
        return g with { ForeignResidents = foreignShown ? g.ForeignResidents : 0, Nationalities = nationalities, ForeignShown = foreignShown };
    }).ToList();

    public static async Task<List<WorkerRow>> LoadWorkersAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/LoadWorkers.sql"));
        var list = new List<WorkerRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new WorkerRow(r.GetInt32(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetFieldValue<int[]>(4)));
        return list;
    }
}
