using GridGIS.Core.Coverage;
using GridGIS.Core.Network;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Fills the analysis' <see cref="CategoryReach"/> for one category in the run's mode, and marks the
/// category's served cells of the gap lattice.
/// network: the walking-network engine (GridGIS.Core/Network), a cell is served when its centre, snapped like
/// a household, is within the threshold; euclidean: straight line × detour factor, a cell is served when its
/// centre is within the radius of a facility. The mode is chosen per run and recorded in <c>coverage_run.mode</c>.
/// </summary>
internal static class CoverageReachSource
{
    /// <summary>The category's reach and its served cells (one flag per cell of the run's lattice).</summary>
    public static (CategoryReach Reach, bool[] Served) Compute(string mode, RunInputs inputs, CategoryParameters category, RunParameters parameters)
    {
        var facilities = inputs.Facilities.GetValueOrDefault(category.Code) ?? [];
        var served = new bool[inputs.Base.Lattice.Count];
        switch (mode)
        {
            case "euclidean":
                var euclid = new StraightLineReach { DetourFactor = parameters.DetourFactor };
                var reach = euclid.Reach(category.Code, inputs.Households, facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond,
                    inputs.Base.Buckets);
                euclid.MarkServed(inputs.Base.Lattice, facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond, served);
                return (reach, served);
            case "network":
                if (inputs.Base.Network is not { } net || net.Network.EdgeCount == 0)
                    throw new InvalidOperationException("network mode: no walking network loaded (walk_edge is empty); import one or run in euclidean mode");
                var engine = net.Rent();
                try
                {
                    var (networkReach, _) = engine.Compute(category.Code, facilities, inputs.SnappedFacilities.GetValueOrDefault(category.Code) ?? [],
                        category.ThresholdSeconds, new WalkSpeed(category.SpeedKmh), withServiceArea: false);
                    var lap = System.Diagnostics.Stopwatch.GetTimestamp();
                    engine.MarkServed(inputs.Base.ResidentialCells, served);
                    ComputeTimings.Lap(ComputeTimings.ServedCells, lap);
                    return (networkReach, served);
                }
                finally { net.Return(engine); }
            default:
                throw new InvalidOperationException($"unknown coverage mode '{mode}'");
        }
    }
}
