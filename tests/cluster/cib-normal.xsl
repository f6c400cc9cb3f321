<?xml version="1.0"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- The resources and constraints of a CIB, one line per element: its path
     (element names, [id] where it has one) and its attributes sorted by
     name.  Sorted, two CIBs' lines compare their content whatever the order
     of attributes, nvpairs or operations; group member order is compared
     apart (it is the start order). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//configuration/resources//* | //configuration/constraints//*">
      <xsl:for-each select="ancestor-or-self::*[ancestor::configuration]">
        <xsl:value-of select="name()"/>
        <xsl:if test="@id">[<xsl:value-of select="@id"/>]</xsl:if>
        <xsl:text>/</xsl:text>
      </xsl:for-each>
      <xsl:for-each select="@*">
        <xsl:sort select="name()"/>
        <xsl:value-of select="concat(' ', name(), '=', .)"/>
      </xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
