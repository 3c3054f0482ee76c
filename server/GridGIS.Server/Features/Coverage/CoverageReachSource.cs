using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Fills the analysis' <see cref="CategoryReach"/> for one category in the run's mode, and gives the
/// category's service-area polygons (local metres) for the gaps.
/// network: the walking-network engine (GridGIS.Core/Network); euclidean: straight line × detour factor,
/// service areas are circles. The mode is chosen per run and recorded in <c>coverage_run.mode</c>.
/// </summary>
internal static class CoverageReachSource
{
    /// <summary>Gap lattice spacing in network mode, metres: the width of a service area's edge buffer.</summary>
    public const double GapCellMetres = 50;

    /// <summary>The category's reach, and a function from the covered flags to its gaps.</summary>
    public static (CategoryReach Reach, Func<bool[], IReadOnlyList<ServiceGap>> Gaps) Compute(
        string mode, RunInputs inputs, CategoryParameters category, RunParameters parameters)
    {
        var facilities = inputs.Facilities.GetValueOrDefault(category.Code) ?? [];
        switch (mode)
        {
            case "euclidean":
                var euclid = new StraightLineReach { DetourFactor = parameters.DetourFactor };
                var reach = euclid.Reach(category.Code, inputs.Households, facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond);
                var areas = euclid.ServiceAreas(facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond, CoverageInputCache.Factory);
                return (reach, covered => ServiceGaps.Compute(inputs.ResidentialArea, areas, inputs.Households, covered));
            case "network":
                if (inputs.Network is not { } net || net.Network.EdgeCount == 0)
                    throw new InvalidOperationException("network mode: no walking network loaded (walk_edge is empty); import one or run in euclidean mode");
                var engine = new NetworkReach(net.Households, snapper: net.Snapper);
                var (networkReach, _) = engine.Compute(category.Code, facilities, net.Facilities.GetValueOrDefault(category.Code) ?? [],
                    category.ThresholdSeconds, new WalkSpeed(category.SpeedKmh), withServiceArea: false);
                return (networkReach, covered => new ServiceGaps().FindByCells(inputs.ResidentialArea, engine.Served, GapCellMetres, inputs.Households, covered));
            default:
                throw new InvalidOperationException($"unknown coverage mode '{mode}'");
        }
    }
}
