using GridGIS.Core.Coverage;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>One part's results as the parallel arrays SavePart.sql takes. Gap polygons as WKB in EPSG:4326.</summary>
internal sealed record PartResult(CategoryCoverage? Coverage, IReadOnlyList<ServiceGap> Gaps, byte[][] GapWkb, double LoadSeconds, double ComputeSeconds)
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
    }

    private static void Add<T>(NpgsqlParameterCollection p, T[] values, NpgsqlDbType type) =>
        p.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
}

/// <summary>Computes one category of a run from loaded inputs: reach (network or Euclidean), coverage, gaps on the cell lattice.</summary>
internal static class CoveragePart
{
    public static PartResult Compute(RunInputs inputs, string mode, RunParameters parameters, string part, TimeProvider clock)
    {
        var start = clock.GetTimestamp();
        var category = parameters.Category(part);
        var (reach, served) = CoverageReachSource.Compute(mode, inputs, category, parameters);
        var lap = System.Diagnostics.Stopwatch.GetTimestamp();
        var coverage = CoverageAnalysis.Compute(inputs.Base.Units, reach);
        lap = ComputeTimings.Lap(ComputeTimings.Analysis, lap);
        var gaps = new ServiceGaps().FindOnLattice(inputs.Base.Lattice, inputs.Base.Residential, served, inputs.Households, coverage.Covered,
            CoverageInputCache.Factory, inputs.Base.HouseholdCells);
        lap = ComputeTimings.Lap(ComputeTimings.Gaps, lap);
        var writer = new WKBWriter();
        var projection = inputs.Base.Projection;
        var wkb = gaps.Select(g => writer.Write(projection.Inverse(g.Polygon))).ToArray();
        ComputeTimings.Lap(ComputeTimings.Wkb, lap);
        return new PartResult(coverage, gaps, wkb, inputs.LoadTime.TotalSeconds, clock.GetElapsedTime(start).TotalSeconds);
    }
}
