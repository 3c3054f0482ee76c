using GridGIS.Core.Privacy;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Which of a run's units (district, streets, communities, grids; per category) a caller may see, by
/// <see cref="Disclosure"/>: a unit whose households, covered or uncovered households are 1-4 is withheld (rules 1
/// and 3), and so is a unit that another complete run of the same data differs from by 1-4 (a what-if: rule 5); then,
/// top-down, the withheld children of each parent with the parent's households in no child must form a showable
/// group, else the smallest shown sibling is withheld too; a withheld unit's children are withheld with it (rule 4).
/// </summary>
internal static class UnitDisclosure
{
    internal sealed record Row(string Category, string Level, int UnitId, string? Code, string? Name, long Households, long HouseholdsCovered,
        long Residents, long ResidentsCovered, long ForeignResidents, long ForeignCovered, double? Accessibility, int? ParentId, bool CloseToAnotherRun);

    private static readonly string[] Levels = ["district", "street", "community", "grid"];

    /// <summary>Every unit result of <paramref name="runId"/> (of one category, or all), each level.</summary>
    public static async Task<List<Row>> LoadAsync(NpgsqlConnection conn, long runId, string? category, CancellationToken ct)
    {
        var rows = new List<Row>();
        await using var cmd = new NpgsqlCommand(Data.Sql.Get("Features/Coverage/ListUnitResults.sql"), conn);
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = Disclosure.DefaultThreshold });
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new Row(r.GetString(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.IsDBNull(11) ? null : r.GetDouble(11),
                    r.IsDBNull(12) ? null : r.GetInt32(12), r.GetBoolean(13)));
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"reading the unit results of coverage run {runId}", e); }
        return rows;
    }

    /// <summary>A unit's figures as a caller sees them: null where withheld.</summary>
    internal sealed record Figures(long? Households, long? HouseholdsCovered, long? HouseholdsNotCovered, long? Residents, long? ResidentsCovered,
        long? ResidentsNotCovered, double? ShareCovered, long? ForeignResidents, long? ForeignCovered, long? ForeignNotCovered, double? Accessibility);

    /// <summary>
    /// The figures of <paramref name="u"/> under <paramref name="rule"/>, given the units <see cref="Withheld"/> returned: all
    /// null when the unit is withheld; the foreign-resident split also when its parts are small (the run keeps no count of
    /// foreign residents' households, so that split is judged by persons).
    /// </summary>
    public static Figures Show(Row u, HashSet<(string, string, int)> withheld, Disclosure rule)
    {
        var hidden = withheld.Contains((u.Category, u.Level, u.UnitId));
        var frHidden = hidden || !rule.ShowsParts(u.ForeignResidents, u.ForeignCovered, u.ForeignResidents - u.ForeignCovered);
        return new Figures(
            Households: hidden ? null : u.Households, HouseholdsCovered: hidden ? null : u.HouseholdsCovered,
            HouseholdsNotCovered: hidden ? null : u.Households - u.HouseholdsCovered,
            Residents: hidden ? null : u.Residents, ResidentsCovered: hidden ? null : u.ResidentsCovered,
            ResidentsNotCovered: hidden ? null : u.Residents - u.ResidentsCovered,
            ShareCovered: hidden || u.Residents == 0 ? null : (double)u.ResidentsCovered / u.Residents,
            ForeignResidents: frHidden ? null : u.ForeignResidents, ForeignCovered: frHidden ? null : u.ForeignCovered,
            ForeignNotCovered: frHidden ? null : u.ForeignResidents - u.ForeignCovered,
            Accessibility: hidden ? null : u.Accessibility);
    }

    /// <summary>The units withheld from the caller: (category, level, unit id).</summary>
    public static HashSet<(string, string, int)> Withheld(IReadOnlyList<Row> rows, Disclosure rule)
    {
        var withheld = new HashSet<(string, string, int)>();
        if (!rule.Applies) return withheld;
        foreach (var category in rows.GroupBy(r => r.Category))
        {
            var byLevel = Levels.ToDictionary(l => l, l => category.Where(r => r.Level == l).ToList());
            bool Primary(Row r) => r.CloseToAnotherRun || !rule.ShowsParts(r.Households, r.HouseholdsCovered, r.Households - r.HouseholdsCovered);
            foreach (var d in byLevel["district"]) if (Primary(d)) withheld.Add((d.Category, d.Level, d.UnitId));
            for (var i = 1; i < Levels.Length; i++)
            {
                var parents = byLevel[Levels[i - 1]].ToDictionary(p => p.UnitId);
                foreach (var family in byLevel[Levels[i]].GroupBy(r => r.ParentId))
                {
                    var children = family.ToList();
                    if (family.Key is not { } pid || !parents.TryGetValue(pid, out var parent))
                    {
                        foreach (var c in children) if (Primary(c)) withheld.Add((c.Category, c.Level, c.UnitId));
                        continue;
                    }
                    if (withheld.Contains((parent.Category, parent.Level, parent.UnitId)))
                    {
                        foreach (var c in children) withheld.Add((c.Category, c.Level, c.UnitId));
                        continue;
                    }
                    long Rest(long whole, long part) => Math.Max(0, whole - part);
                    var rest = new[]
                    {
                        Rest(parent.Households, children.Sum(c => c.Households)),
                        Rest(parent.HouseholdsCovered, children.Sum(c => c.HouseholdsCovered)),
                        Rest(parent.Households - parent.HouseholdsCovered, children.Sum(c => c.Households - c.HouseholdsCovered)),
                    };
                    var flags = rule.WithheldChildren(children.Select(c => new[] { c.Households, c.HouseholdsCovered, c.Households - c.HouseholdsCovered }).ToList(),
                        rest, children.Select(c => c.CloseToAnotherRun).ToList());
                    for (var k = 0; k < children.Count; k++) if (flags[k]) withheld.Add((children[k].Category, children[k].Level, children[k].UnitId));
                }
            }
        }
        return withheld;
    }
}
