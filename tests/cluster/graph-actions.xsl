<?xml version="1.0"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- A Pacemaker transition graph (crm_simulate -G) as one line per resource
     action: OPERATION RESOURCE NODE INTERVAL_MS, then "after:KEY" for each
     resource start it waits for.  Probes are monitors of interval 0. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//synapse/action_set/rsc_op">
      <xsl:value-of select="concat(@operation, ' ', primitive/@id, ' ', @on_node, ' ',
                                   attributes/@CRM_meta_interval)"/>
      <xsl:if test="not(attributes/@CRM_meta_interval)">0</xsl:if>
      <xsl:for-each select="../../inputs/trigger/rsc_op[@operation = 'start']">
        <xsl:value-of select="concat(' after:', @operation_key)"/>
      </xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
