using GridGIS.Core.Export;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using NetTopologySuite.Geometries;
using Npgsql;
using static GridGIS.Core.Export.ExportFieldType;

namespace GridGIS.Server.Features.Export;

/// <summary>A complete run's results that export as files: coverage per street, community or grid (the unit's polygon), gaps, facility loads.</summary>
internal enum ExportResult { CoverageStreets, CoverageCommunities, CoverageGrids, Gaps, FacilityLoads }

/// <summary>
/// A run's results as files, with the privacy rule applied exactly as <c>GET /api/coverage/runs/{id}</c> and
/// <c>.../gaps</c> apply it (<see cref="UnitDisclosure"/>, <see cref="GapFigures"/>, <see cref="CoverageResultsApi.Shown"/>):
/// for everyone but administrators a withheld figure is empty (null), never a small number.
/// </summary>
internal static class RunResultExport
{
    private static readonly ExportField[] UnitFields =
    [
        new("run", Integer), new("category", Text), new("level", Text), new("unit_id", Integer), new("code", Text), new("name", Text),
        new("households", Integer), new("households_covered", Integer), new("households_not_covered", Integer),
        new("residents", Integer), new("residents_covered", Integer), new("residents_not_covered", Integer), new("share_covered", Real),
        new("foreign_residents", Integer), new("foreign_covered", Integer), new("foreign_not_covered", Integer), new("accessibility", Real),
    ];

    public static ExportSchema Schema(ExportResult result) => result switch
    {
        ExportResult.CoverageStreets => new("coverage_streets", "MultiPolygon", UnitFields),
        ExportResult.CoverageCommunities => new("coverage_communities", "MultiPolygon", UnitFields),
        ExportResult.CoverageGrids => new("coverage_grids", "MultiPolygon", UnitFields),
        ExportResult.Gaps => new("gaps", "MultiPolygon",
            [new("run", Integer), new("category", Text), new("gap_no", Integer), new("area_m2", Real), new("households", Integer),
             new("households_not_covered", Integer), new("residents", Integer), new("foreign_residents", Integer)]),
        ExportResult.FacilityLoads => new("facility_loads", "Point",
            [new("run", Integer), new("category", Text), new("facility_id", Integer), new("name", Text), new("households", Integer),
             new("residents", Integer), new("capacity", Integer), new("load_ratio", Real), new("overloaded", ExportFieldType.Boolean), new("supply_ratio", Real)]),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "unknown run result"),
    };

    /// <summary>Writes <paramref name="result"/> of complete run <paramref name="run"/> (one category, or all) as <paramref name="rule"/> shows it.</summary>
    public static async Task WriteAsync(NpgsqlDataSource db, ExportResult result, long run, string? category, Disclosure rule,
        FeatureFileWriter writer, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        switch (result)
        {
            case ExportResult.Gaps:
                await ReadAsync(conn, "ExportGaps", run, category, ct, r =>
                {
                    var gap = GapFigures.Show(rule, r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
                    writer.Write(new ExportFeature(r.GetFieldValue<Geometry>(2),
                        [run, r.GetString(0), r.GetInt32(1), Math.Round(r.GetDouble(3), 1), gap.Households, gap.HouseholdsNotCovered, gap.Residents, gap.ForeignResidents]));
                });
                break;
            case ExportResult.FacilityLoads:
                await ReadAsync(conn, "ExportFacilityLoads", run, category, ct, r =>
                {
                    var l = CoverageResultsApi.Shown(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetInt64(4),
                        r.IsDBNull(5) ? null : r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetBoolean(7),
                        r.IsDBNull(8) ? null : r.GetDouble(8), rule);
                    writer.Write(new ExportFeature(r.GetFieldValue<Geometry>(9),
                        [run, l.Category, l.FacilityId, l.Name, l.Households, l.Residents, l.Capacity, l.LoadRatio, l.Overloaded, l.SupplyRatio]));
                });
                break;
            default:
                await WriteUnitsAsync(conn, result, run, category, rule, writer, ct);
                break;
        }
    }

    private static async Task WriteUnitsAsync(NpgsqlConnection conn, ExportResult result, long run, string? category, Disclosure rule,
        FeatureFileWriter writer, CancellationToken ct)
    {
        var level = result switch { ExportResult.CoverageStreets => "street", ExportResult.CoverageCommunities => "community", _ => "grid" };
        // The rule is judged over every level at once (a unit's parent and siblings decide too), as the API judges it.
        var rows = await UnitDisclosure.LoadAsync(conn, run, category, ct);
        var withheld = UnitDisclosure.Withheld(rows, rule);
        var byUnit = rows.Where(u => u.Level == level).ToLookup(u => u.UnitId);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Export/ExportUnitGeometries.sql"), conn);
        cmd.Parameters.Add(new() { Value = level });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetInt32(0);
            if (!byUnit.Contains(id)) continue;
            var geometry = r.GetFieldValue<Geometry>(1);
            foreach (var row in byUnit[id])
            {
                var u = UnitDisclosure.Show(row, withheld, rule);
                writer.Write(new ExportFeature(geometry,
                [
                    run, row.Category, row.Level, row.UnitId, row.Code, row.Name, u.Households, u.HouseholdsCovered, u.HouseholdsNotCovered,
                    u.Residents, u.ResidentsCovered, u.ResidentsNotCovered, u.ShareCovered, u.ForeignResidents, u.ForeignCovered,
                    u.ForeignNotCovered, u.Accessibility,
                ]));
            }
        }
    }

    private static async Task ReadAsync(NpgsqlConnection conn, string query, long run, string? category, CancellationToken ct, Action<NpgsqlDataReader> each)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get($"Features/Export/{query}.sql"), conn);
        cmd.Parameters.Add(new() { Value = run });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) each(r);
    }
}
