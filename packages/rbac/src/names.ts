/** The one binding of cluster-admin: the operators' group of the environment. */
export const clusterAdminBindingName = 'open4goods-cluster-admins';
export const clusterAdminRole = 'cluster-admin';
