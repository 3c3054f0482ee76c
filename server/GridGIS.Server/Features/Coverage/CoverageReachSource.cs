using GridGIS.Core.Coverage;
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
    public static (CategoryReach Reach, IReadOnlyList<Geometry> ServiceAreas) Compute(
        string mode, RunInputs inputs, CategoryParameters category, RunParameters parameters)
    {
        var facilities = inputs.Facilities.GetValueOrDefault(category.Code) ?? [];
        switch (mode)
        {
            case "euclidean":
                var euclid = new EuclideanReach { DetourFactor = parameters.DetourFactor };
                var reach = euclid.Reach(category.Code, inputs.Households, facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond);
                var areas = euclid.ServiceAreas(facilities, category.ThresholdSeconds, category.SpeedMetresPerSecond, CoverageInputCache.Factory);
                return (reach, areas);
            case "network":
                if (parameters.NetworkVersion.TryGetProperty("walk_edges", out var edges) && edges.GetInt64() == 0)
                    throw new InvalidOperationException("network mode: no walking network loaded (walk_edge is empty); import one or run in euclidean mode");
                throw new InvalidOperationException(
                    "network mode needs the walking-network engine (GridGIS.Core/Network), which this build does not have yet: " +
                    "start the run with mode euclidean (Coverage:Mode or --mode euclidean)");
            default:
                throw new InvalidOperationException($"unknown coverage mode '{mode}'");
        }
    }
}
