using GridGIS.Core.Import.Osm;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.Osm;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Facilities;

/// <summary>The stored mapping cannot be applied: a rule names a category that is neither stored nor standard.</summary>
internal sealed class OsmMappingException(string message) : Exception(message);

/// <summary>
/// Facilities from an OSM extract by the stored tag-to-category mapping (<see cref="OsmFacilityRules"/>), all or nothing in
/// one transaction: read the extract, map its tagged nodes, ways and multipolygons (<see cref="OsmFacilityMapping"/>), create
/// the standard categories the rules name and the database lacks (<see cref="StandardCategories"/>), then, unless previewing,
/// delete the mapping's categories' facilities (replace), COPY the new ones and insert them (default capacity where OSM has
/// none, the containing street), with one audit row. A preview runs the same steps up to the write and rolls back.
/// </summary>
internal static class OsmFacilityImport
{
    public static async Task<OsmFacilityImportResult> RunAsync(NpgsqlDataSource db, Stream content, string fileName, OsmFacilityMode mode,
        string actor, ImportProgress progress, CancellationToken ct)
    {
        progress.Report(0, $"reading {fileName}");
        var extract = OsmExtractReader.Read(content);
        var features = extract.Features().ToList();
        progress.Report(30, $"read {extract.Counts.Nodes} nodes, {extract.Counts.Ways} ways, {extract.Counts.Relations} relations; {features.Count} tagged features");
        ct.ThrowIfCancellationRequested();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await Exec(conn, tx, "Features/Facilities/LockOsmFacilityRules.sql", ct);
            await Exec(conn, tx, "Features/Import/LockImport.sql", ct);
            var rules = await OsmFacilityRules.ListAsync(conn, tx, ct);
            var match = OsmFacilityMapping.Map(features, OsmFacilityRules.ToRules(rules));
            progress.Report(45, $"{match.Facilities.Count} facilities by {rules.Count} rules; {match.Unmapped.Sum(u => u.Features)} tagged amenities, shops and healthcare taken by none");

            var stored = await CategoryCapacitiesAsync(conn, tx, ct);
            var created = new HashSet<string>(StringComparer.Ordinal);
            foreach (var code in rules.Select(r => r.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (stored.ContainsKey(code)) continue;
                var standard = StandardCategories.Find(code) ?? throw new OsmMappingException(
                    $"rule(s) at position {string.Join(", ", rules.Where(r => r.Category == code).Select(r => r.Position))} name category '{code}', " +
                    $"which is not stored and not one of the standard ones ({string.Join(", ", StandardCategories.All.Select(c => c.Code))}): " +
                    "import the category (its facilities' file creates none) or change the rules (PUT /api/facilities/osm-rules)");
                await CreateAsync(conn, tx, standard, ct);
                stored[code] = standard.DefaultCapacity;
                created.Add(code);
            }
            var categories = rules.Select(r => r.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(code =>
            {
                var mine = match.Facilities.Where(f => f.Category == code).ToList();
                var fallback = stored[code];
                return new OsmFacilityCategoryCount(code, mine.Count, fallback, fallback is null ? 0 : mine.Count(f => f.Capacity is null), created.Contains(code));
            }).ToList();
            var defaults = categories.Sum(c => c.WithDefaultCapacity);
            if (mode == OsmFacilityMode.Preview)
            {
                await tx.RollbackAsync(ct);
                progress.Report(100, "preview: nothing written");
                return new OsmFacilityImportResult("preview", false, features.Count, match.Facilities.Count, defaults, 0, 0, categories, match.Rules, match.Unmapped);
            }

            long deleted = 0;
            if (mode == OsmFacilityMode.Replace)
            {
                await using var del = new NpgsqlCommand(Sql.Get("Features/Facilities/DeleteCategoryFacilities.sql"), conn, tx);
                del.Parameters.Add(new NpgsqlParameter { Value = categories.Select(c => c.Category).ToArray() });
                deleted = (long)(await del.ExecuteScalarAsync(ct))!;
                progress.Report(55, $"replace: deleted {deleted} facilities of the mapping's categories");
            }
            await Exec(conn, tx, "Features/Facilities/StageOsmFacilities.sql", ct);
            await ImportWriter.CopyAsync(conn, progress, Sql.Copy("Features/Facilities/CopyOsmFacilities.sql"),
                match.Facilities.Select((f, i) => (f, i)).ToList(), async (w, x) =>
                {
                    await w.WriteAsync(x.i, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(x.f.Category, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(x.f.Name, NpgsqlDbType.Text, ct);
                    await Nullable(w, x.f.NameZh, ct);
                    await Nullable(w, x.f.NameEn, ct);
                    await w.WriteAsync(x.f.SourceId, NpgsqlDbType.Text, ct);
                    if (x.f.Capacity is { } c) await w.WriteAsync(c, NpgsqlDbType.Integer, ct); else await w.WriteNullAsync(ct);
                    await w.WriteAsync((NetTopologySuite.Geometries.Geometry)x.f.Location, NpgsqlDbType.Geometry, ct);
                    await w.WriteAsync(x.f.Languages.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                }, ct);
            long inserted, outside;
            await using (var ins = new NpgsqlCommand(Sql.Get("Features/Facilities/InsertOsmFacilities.sql"), conn, tx))
            await using (var r = await ins.ExecuteReaderAsync(ct))
            { await r.ReadAsync(ct); (inserted, outside) = (r.GetInt64(0), r.GetInt64(1)); }
            var result = new OsmFacilityImportResult(mode == OsmFacilityMode.Replace ? "replace" : "append", true, features.Count, (int)inserted,
                defaults, (int)outside, deleted, categories, match.Rules, match.Unmapped);
            await Audit.WriteAsync(conn, tx, actor, "import-osm", "facility", null, null, new
            {
                file = fileName, result.Mode, result.FeaturesRead, result.Facilities, result.DefaultCapacityUsed, result.OutsideStreets,
                result.Deleted, created = created.Order(StringComparer.Ordinal).ToArray(),
            }, ct);
            await tx.CommitAsync(ct);
            progress.Report(100, $"done: {inserted} facilities ({defaults} with their category's default capacity, {outside} outside every street)");
            return result;
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"importing facilities from '{fileName}': {e.Message}; nothing was written", e);
        }
    }

    private static async Task<Dictionary<string, int?>> CategoryCapacitiesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Facilities/ListCategoryCapacities.sql"), conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var stored = new Dictionary<string, int?>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct)) stored[r.GetString(0)] = r.IsDBNull(1) ? null : r.GetInt32(1);
        return stored;
    }

    private static async Task CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StandardCategory c, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Facilities/InsertStandardCategory.sql"), conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Code });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.NameZh });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.NameEn });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (decimal)c.WalkMinutes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.WalkMetres is { } m ? (decimal)m : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (decimal)c.WalkSpeedKmh });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.DefaultCapacity });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.LanguageApplies });
        await cmd.ExecuteScalarAsync(ct);
    }

    private static Task Nullable(NpgsqlBinaryImporter w, string? s, CancellationToken ct) =>
        s is null ? w.WriteNullAsync(ct) : w.WriteAsync(s, NpgsqlDbType.Text, ct);

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string path, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get(path), conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
