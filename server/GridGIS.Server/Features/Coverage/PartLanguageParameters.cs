using GridGIS.Core.Coverage;
using GridGIS.Core.Languages;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// The language-aware and equity results of one part as SavePart.sql's parameters $30..$51 (parallel arrays): language results per
/// unit and language, language gaps (WKB in EPSG:4326), the two staffing plans, and Gini / Palma per street and district.
/// </summary>
internal static class PartLanguageParameters
{
    public static void Add(NpgsqlParameterCollection p, CategoryRunResult? run, byte[][] gapWkb)
    {
        var units = run?.Language?.Units ?? [];
        PartResult.Add(p, units.Select(u => u.Level.ToString().ToLowerInvariant()).ToArray(), NpgsqlDbType.Text);
        PartResult.Add(p, units.Select(u => u.UnitId).ToArray(), NpgsqlDbType.Integer);
        PartResult.Add(p, units.Select(u => u.Language).ToArray(), NpgsqlDbType.Text);
        PartResult.Add(p, units.Select(u => u.Households).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, units.Select(u => u.HouseholdsCovered).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, units.Select(u => u.HouseholdsInLanguage).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, units.Select(u => u.Persons).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, units.Select(u => u.PersonsCovered).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, units.Select(u => u.PersonsInLanguage).ToArray(), NpgsqlDbType.Bigint);
        var gaps = run?.Language?.Gaps ?? [];
        PartResult.Add(p, Enumerable.Range(1, gaps.Count).ToArray(), NpgsqlDbType.Integer);
        PartResult.Add(p, gaps.Select(g => g.Language).ToArray(), NpgsqlDbType.Text);
        PartResult.Add(p, gapWkb, NpgsqlDbType.Bytea);
        PartResult.Add(p, gaps.Select(g => g.Households).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, gaps.Select(g => g.Persons).ToArray(), NpgsqlDbType.Bigint);
        var steps = Steps(run?.Staffing, false).Concat(Steps(run?.StaffingShown, true)).ToList();
        PartResult.Add(p, steps.Select(s => s.Shown).ToArray(), NpgsqlDbType.Boolean);
        PartResult.Add(p, steps.Select(s => s.No).ToArray(), NpgsqlDbType.Integer);
        PartResult.Add(p, steps.Select(s => s.Step.FacilityId).ToArray(), NpgsqlDbType.Integer);
        PartResult.Add(p, steps.Select(s => s.Step.Language).ToArray(), NpgsqlDbType.Text);
        PartResult.Add(p, steps.Select(s => s.Step.Persons).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, steps.Select(s => s.Step.Households).ToArray(), NpgsqlDbType.Bigint);
        PartResult.Add(p, steps.Select(s => s.Unserved).ToArray(), NpgsqlDbType.Bigint);
        var equity = run?.Equity ?? [];
        PartResult.Add(p, equity.Select(e => e.Level.ToString().ToLowerInvariant()).ToArray(), NpgsqlDbType.Text);
        PartResult.Add(p, equity.Select(e => e.UnitId).ToArray(), NpgsqlDbType.Integer);
        PartResult.Add(p, equity.Select(e => e.Gini).ToArray(), NpgsqlDbType.Double);
        PartResult.Add(p, equity.Select(e => e.Palma).ToArray(), NpgsqlDbType.Double);
    }

    private static IEnumerable<(bool Shown, int No, StaffingStep Step, long Unserved)> Steps(StaffingPlan? plan, bool shown) =>
        plan is null ? [] : plan.Steps.Select((s, i) => (shown, i + 1, s, plan.Unserved));
}
