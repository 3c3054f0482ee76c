namespace GridGIS.Core.Network;

/// <summary>
/// Which model produced a reach result: walking along the network, or straight lines with a detour factor
/// (<see cref="Coverage.StraightLineReach"/>) for places with no walking network.
/// </summary>
public enum ReachMode { Network, Euclidean }
