using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>One part's results as the parallel arrays SavePart.sql takes. Gap polygons as WKB in EPSG:4326; the language-aware
/// results (<see cref="CategoryRunResult"/>) beside them, empty where language does not apply.</summary>
internal sealed record PartResult(CategoryCoverage? Coverage, IReadOnlyList<ServiceGap> Gaps, byte[][] GapWkb, double LoadSeconds, double ComputeSeconds,
    CategoryRunResult? Run = null, byte[][]? LanguageGapWkb = null)
{
    public static readonly PartResult Empty = new(null, [], [], 0, 0);

    public void AddParameters(NpgsqlParameterCollection p)
    {
        var units = Coverage?.Units ?? [];
        Add(p, units.Select(u => u.Level.ToString().ToLowerInvariant()).ToArray(), NpgsqlDbType.Text);
        Add(p, units.Select(u => u.UnitId).ToArray(), NpgsqlDbType.Integer);
        Add(p, units.Select(u => u.Households).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.HouseholdsCovered).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.Residents).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.ResidentsCovered).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.ForeignResidents).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.ForeignCovered).ToArray(), NpgsqlDbType.Bigint);
        Add(p, units.Select(u => u.Accessibility).ToArray(), NpgsqlDbType.Double);
        var loads = Coverage?.Loads ?? [];
        Add(p, loads.Select(l => l.FacilityId).ToArray(), NpgsqlDbType.Integer);
        Add(p, loads.Select(l => l.Households).ToArray(), NpgsqlDbType.Bigint);
        Add(p, loads.Select(l => l.Residents).ToArray(), NpgsqlDbType.Bigint);
        Add(p, loads.Select(l => l.Capacity).ToArray(), NpgsqlDbType.Integer);
        Add(p, loads.Select(l => l.LoadRatio).ToArray(), NpgsqlDbType.Double);
        Add(p, loads.Select(l => l.Overloaded).ToArray(), NpgsqlDbType.Boolean);
        Add(p, loads.Select(l => l.SupplyRatio).ToArray(), NpgsqlDbType.Double);
        Add(p, Enumerable.Range(1, Gaps.Count).ToArray(), NpgsqlDbType.Integer);
        Add(p, GapWkb, NpgsqlDbType.Bytea);
        Add(p, Gaps.Select(g => g.AreaM2).ToArray(), NpgsqlDbType.Double);
        Add(p, Gaps.Select(g => g.Households).ToArray(), NpgsqlDbType.Bigint);
        Add(p, Gaps.Select(g => g.HouseholdsNotCovered).ToArray(), NpgsqlDbType.Bigint);
        Add(p, Gaps.Select(g => g.Residents).ToArray(), NpgsqlDbType.Bigint);
        Add(p, Gaps.Select(g => g.ForeignResidents).ToArray(), NpgsqlDbType.Bigint);
        PartLanguageParameters.Add(p, Run, LanguageGapWkb ?? []);
    }

    internal static void Add<T>(NpgsqlParameterCollection p, T[] values, NpgsqlDbType type) =>
        p.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
}

/// <summary>
/// One category of a run from loaded inputs: Core computes it (<see cref="CategoryRun"/>), and its gap polygons are
/// turned into WGS84 WKB for SavePart.sql (recorded as the compute phase wkb, <see cref="CoverageMetrics"/>).
/// </summary>
internal static class CoveragePart
{
    public static PartResult Compute(RunInputs inputs, string mode, RunParameters parameters, string part, TimeProvider clock)
    {
        var start = clock.GetTimestamp();
        var category = parameters.Category(part);
        var reachMode = mode switch
        {
            "network" => ReachMode.Network,
            "euclidean" => ReachMode.Euclidean,
            _ => throw new InvalidOperationException($"unknown coverage mode '{mode}'"),
        };
        var result = CategoryRun.Compute(inputs.Base.Households, inputs.Base.Network, inputs.Facilities.GetValueOrDefault(category.Code) ?? [],
            inputs.SnappedFacilities.GetValueOrDefault(category.Code) ?? [],
            new CategoryRunParameters(category.Code, category.ThresholdSeconds, new WalkSpeed(category.SpeedKmh), reachMode, parameters.DetourFactor),
            inputs.LanguageApplies.Contains(category.Code) ? new LanguageRunInputs(inputs.Base.Languages, Applies: true) : null);
        var lap = System.Diagnostics.Stopwatch.GetTimestamp();
        var writer = new WKBWriter();
        var projection = inputs.Base.Projection;
        var wkb = result.Gaps.Select(g => writer.Write(projection.Inverse(g.Polygon))).ToArray();
        lap = CoverageMetrics.ComputeLap("wkb", lap);
        var languageWkb = (result.Language?.Gaps ?? []).Select(g => writer.Write(projection.Inverse(g.Polygon))).ToArray();
        CoverageMetrics.ComputeLap("language_wkb", lap);
        return new PartResult(result.Coverage, result.Gaps, wkb, inputs.LoadTime.TotalSeconds, clock.GetElapsedTime(start).TotalSeconds, result, languageWkb);
    }
}
