/** Where an org's pages live: `/orgs/:id` for members, `/support/orgs/:id` for support staff. */
export interface Workspace {
  orgId: string;
  base: string;
  /** Support staff: every change asks for the requester check and a reason. */
  support: boolean;
}
