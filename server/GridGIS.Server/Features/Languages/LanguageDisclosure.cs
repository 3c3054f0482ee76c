using GridGIS.Core.Privacy;
using GridGIS.Server.Features.Coverage;

namespace GridGIS.Server.Features.Languages;

/// <summary>
/// Which language-aware coverage rows a caller may see, by <see cref="Disclosure"/> (for administrators: all). A row describes the
/// households of a unit wanting a language (or any, 'all'), split into covered / not covered and, of the covered, in language / not.
/// Withheld: a row of a unit the coverage rule withholds (<see cref="UnitDisclosure"/>); a row of fewer than 5 households (rule 2:
/// the label is not shown either), or with any part of 1-4 households (rules 1 and 3); then, per language, the children of a parent
/// (grids of a community, communities of a street, streets of the district) whose withheld rows with the parent's rest would form a
/// group of 1-4 (rule 4); and within a unit, the languages as children of its 'all' row, the same way. Repeated until nothing
/// changes, so a row withheld by one step withholds what would give it away in the other.
/// </summary>
internal static class LanguageDisclosure
{
    internal sealed record Row(string Category, string Level, int UnitId, string Language, long Households, long HouseholdsCovered,
        long HouseholdsInLanguage, long Persons, long PersonsCovered, long PersonsInLanguage)
    {
        public long[] Parts => [Households, HouseholdsCovered, Households - HouseholdsCovered, HouseholdsInLanguage, HouseholdsCovered - HouseholdsInLanguage];
    }

    private static readonly string[] Levels = ["district", "street", "community", "grid"];

    /// <summary>The rows withheld from the caller (indices into <paramref name="rows"/>).</summary>
    /// <param name="units">the run's unit rows, all categories (for the units withheld and the parents)</param>
    public static bool[] Withheld(IReadOnlyList<Row> rows, IReadOnlyList<UnitDisclosure.Row> units, Disclosure rule)
    {
        var withheld = new bool[rows.Count];
        if (!rule.Applies) return withheld;
        var unitWithheld = UnitDisclosure.Withheld(units, rule);
        var parentOf = new Dictionary<(string, int), int?>();
        foreach (var u in units) parentOf[(u.Level, u.UnitId)] = u.ParentId;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            withheld[i] = unitWithheld.Contains((r.Category, r.Level, r.UnitId)) || !rule.ShowsLabel(r.Households) || r.Parts.Any(p => !rule.Shows(Math.Max(0, p)));
        }
        var index = new Dictionary<(string, string, int, string), int>();
        for (var i = 0; i < rows.Count; i++) index[(rows[i].Category, rows[i].Level, rows[i].UnitId, rows[i].Language)] = i;
        bool changed;
        do
        {
            changed = false;
            // Per language: children of each parent unit.
            foreach (var family in Enumerable.Range(0, rows.Count).Where(i => rows[i].Level != "district")
                         .GroupBy(i => (rows[i].Category, rows[i].Language, rows[i].Level, Parent: parentOf.GetValueOrDefault((rows[i].Level, rows[i].UnitId)))))
            {
                var parentLevel = Levels[Array.IndexOf(Levels, family.Key.Level) - 1];
                if (family.Key.Parent is not { } pid || !index.TryGetValue((family.Key.Category, parentLevel, pid, family.Key.Language), out var parent)) continue;
                changed |= Apply(rows, withheld, rule, parent, family.ToList());
            }
            // Per unit: the languages as children of the 'all' row.
            foreach (var unit in Enumerable.Range(0, rows.Count).Where(i => rows[i].Language != Core.Languages.LanguageCoverage.AllLanguages)
                         .GroupBy(i => (rows[i].Category, rows[i].Level, rows[i].UnitId)))
            {
                if (!index.TryGetValue((unit.Key.Category, unit.Key.Level, unit.Key.UnitId, Core.Languages.LanguageCoverage.AllLanguages), out var all)) continue;
                changed |= Apply(rows, withheld, rule, all, unit.ToList());
            }
        }
        while (changed);
        return withheld;
    }

    private static bool Apply(IReadOnlyList<Row> rows, bool[] withheld, Disclosure rule, int parent, List<int> children)
    {
        var changed = false;
        if (withheld[parent])
        {
            foreach (var c in children) if (!withheld[c]) { withheld[c] = true; changed = true; }
            return changed;
        }
        var parts = rows[parent].Parts;
        var rest = new long[parts.Length];
        for (var k = 0; k < parts.Length; k++) rest[k] = Math.Max(0, parts[k] - children.Sum(c => rows[c].Parts[k]));
        var flags = rule.WithheldChildren(children.Select(c => rows[c].Parts.Select(p => Math.Max(0, p)).ToArray()).ToList(), rest,
            children.Select(c => withheld[c]).ToList());
        for (var k = 0; k < children.Count; k++)
            if (flags[k] && !withheld[children[k]]) { withheld[children[k]] = true; changed = true; }
        return changed;
    }
}
