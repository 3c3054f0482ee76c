using GridGIS.Core.Geo;
using GridGIS.Core.Privacy;
using GridGIS.Core.Siting;
using GridGIS.Server.Features.Coverage;
using CoreLevel = GridGIS.Core.Coverage.CoverageLevel;
using CoreUnit = GridGIS.Core.Coverage.UnitCoverage;

namespace GridGIS.Server.Features.Siting;

/// <summary>
/// A scenario's figures of one category as a caller may see them (<see cref="Disclosure"/>, through
/// <see cref="UnitDisclosure"/>, for both sides): a unit whose households, covered or uncovered households are 1-4 is
/// withheld on that side, and so is a unit whose covered households differ by 1-4 between the base and the scenario,
/// or between the scenario and itself before its latest edit (differencing two answers would isolate them): withheld
/// on both sides, as the what-if comparison does; children are withheld with their parents and to protect a withheld
/// sibling. Groups newly covered or uncovered, and facility catchments, of 1-4 households are withheld.
/// </summary>
internal static class ScenarioFigures
{
    internal sealed record Context(Disclosure Rule, Dictionary<(string Level, int Id), (string? Code, string? Name, int Parent)> Units,
        Dictionary<int, (string? Name, double Lon, double Lat)> RealFacilities, LocalProjection Projection, string Mode);

    public static string Level(CoreLevel level) => level.ToString().ToLowerInvariant();

    public static CategoryFigures Build(CategoryBase b, ScenarioOutcome outcome, IReadOnlyList<CoreUnit>? previous, Context cx, double milliseconds)
    {
        var rule = cx.Rule;
        var baseUnits = outcome.BaseUnits.ToDictionary(u => (u.Level, u.UnitId));
        var prev = previous?.ToDictionary(u => (u.Level, u.UnitId));
        bool Close(CoreUnit a, CoreUnit? other) => other is not null && rule.Applies &&
            (Small(a.HouseholdsCovered - other.HouseholdsCovered) || Small(a.Households - other.Households));
        bool Small(long d) => Math.Abs(d) is var m && m >= 1 && m < rule.Threshold;
        var differ = outcome.Units.Where(u => Close(u, baseUnits.GetValueOrDefault((u.Level, u.UnitId)))
                                              || Close(u, prev?.GetValueOrDefault((u.Level, u.UnitId)))).Select(u => (u.Level, u.UnitId)).ToHashSet();
        var withheldBase = UnitDisclosure.Withheld(Rows(b.Category, outcome.BaseUnits, differ, cx), rule);
        var withheldScenario = UnitDisclosure.Withheld(Rows(b.Category, outcome.Units, differ, cx), rule);

        var units = new List<UnitChange>();
        foreach (var u in outcome.Units)
        {
            var before = baseUnits.GetValueOrDefault((u.Level, u.UnitId));
            var changed = before is null || before.HouseholdsCovered != u.HouseholdsCovered || before.Accessibility != u.Accessibility;
            if (!changed && u.Level is CoreLevel.Community or CoreLevel.Grid) continue;
            var level = Level(u.Level);
            var key = (b.Category, level, u.UnitId);
            var baseShown = before is not null && !withheldBase.Contains(key);
            var scenarioShown = !withheldScenario.Contains(key);
            cx.Units.TryGetValue((level, u.UnitId), out var name);
            units.Add(new UnitChange(level, u.UnitId, name.Code, name.Name, Side(before, baseShown), Side(u, scenarioShown),
                baseShown && scenarioShown ? u.HouseholdsCovered - before!.HouseholdsCovered : null));
        }

        var facilities = new List<FacilityChange>();
        var baseLoads = outcome.BaseLoads.ToDictionary(l => l.FacilityId);
        var placed = outcome.Facilities.Placed.ToDictionary(f => f.Id);
        foreach (var id in outcome.Facilities.Removed.Where(id => !placed.ContainsKey(id)))
            facilities.Add(Facility(id, "closed", b.Facilities[b.IndexOf(id)].Capacity, null, baseLoads.GetValueOrDefault(id), null, cx));
        foreach (var load in outcome.PlacedLoads)
        {
            var f = placed[load.FacilityId];
            var (lon, lat) = cx.Projection.Inverse(f.X, f.Y);
            facilities.Add(Facility(f.Id, f.Id < 0 ? "added" : "moved", f.Capacity, (lon, lat), baseLoads.GetValueOrDefault(f.Id), load, cx));
        }
        return new CategoryFigures(b.Category, b.Reacher.ThresholdSeconds, cx.Mode, units, Count(outcome.NewlyCovered, rule), Count(outcome.NewlyUncovered, rule),
            facilities, outcome.HouseholdsTouched, Math.Round(milliseconds, 2));
    }

    private static List<UnitDisclosure.Row> Rows(string category, IReadOnlyList<CoreUnit> units, HashSet<(CoreLevel, int)> differ, Context cx) =>
        units.Select(u =>
        {
            var level = Level(u.Level);
            cx.Units.TryGetValue((level, u.UnitId), out var name);
            int? parent = u.Level == CoreLevel.District ? null : name.Parent;
            return new UnitDisclosure.Row(category, level, u.UnitId, name.Code, name.Name, u.Households, u.HouseholdsCovered, u.Residents,
                u.ResidentsCovered, u.ForeignResidents, u.ForeignCovered, u.Accessibility, parent, differ.Contains((u.Level, u.UnitId)));
        }).ToList();

    private static SideFigures Side(CoreUnit? u, bool shown) => u is null || !shown
        ? new SideFigures(null, null, null, null, null)
        : new SideFigures(u.Households, u.HouseholdsCovered, u.Households - u.HouseholdsCovered, u.ShareCovered, u.Accessibility);

    private static GroupCount Count(HouseholdCount c, Disclosure rule) => rule.Shows(c.Households)
        ? new GroupCount(c.Households, c.Residents, rule.Shows(c.ForeignResidents) ? c.ForeignResidents : null)
        : new GroupCount(null, null, null);

    private static FacilityChange Facility(int id, string state, int? capacity, (double Lon, double Lat)? at,
        GridGIS.Core.Coverage.FacilityLoad? before, GridGIS.Core.Coverage.FacilityLoad? now, Context cx)
    {
        var rule = cx.Rule;
        cx.RealFacilities.TryGetValue(id, out var real);
        var point = at ?? (id > 0 ? (real.Lon, real.Lat) : null);
        // a moved facility's two catchments differing by 1-4 households would give those away: both withheld
        var differ = before is not null && now is not null && rule.Applies && Math.Abs(now.Households - before.Households) is var d && d >= 1 && d < rule.Threshold;
        var baseShown = before is not null && rule.Shows(before.Households) && !differ;
        var shown = now is not null && rule.Shows(now.Households) && !differ;
        return new FacilityChange(id, state, id > 0 ? real.Name : null, capacity, point?.Item1, point?.Item2,
            baseShown ? before!.Households : null, shown ? now!.Households : null, shown ? now!.Residents : null,
            shown ? now!.LoadRatio : null, shown ? now!.Overloaded : null, shown ? now!.SupplyRatio : null);
    }
}
